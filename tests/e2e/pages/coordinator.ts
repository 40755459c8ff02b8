// Page object for the coordinator's work: referrals, scheduling, placements, reviews, reintegration and visits.
import type { Locator, Page } from 'playwright-core';

export interface ReferralDetails {
  referredBy: string;
  lesson: string;
  subject: string;
  reason: string;
  description: string;
  days: number;
}

export class CoordinatorPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Coordinator' }).click();
    await this.page.getByRole('heading', { level: 1, name: 'Coordinator' }).waitFor();
  }

  /** Takes a referral for the first pupil matching the search and returns the pupil's name. */
  async takeReferral(query: string, r: ReferralDetails): Promise<string> {
    const p = this.page;
    await p.getByLabel('Pupil to refer').fill(query);
    const choice = p.getByRole('list', { name: 'Matching pupils' }).getByRole('button').first();
    const name = ((await choice.textContent()) ?? '').replace(/^Refer /, '').replace(/, [^,]+$/, '');
    await choice.click();
    const form = p.getByRole('form', { name: `Referral for ${name}` });
    await form.getByLabel('Referred by').fill(r.referredBy);
    await form.getByLabel(/^Lesson/).selectOption({ label: r.lesson });
    await form.getByLabel('Subject').fill(r.subject);
    await form.getByLabel(/^Reason/).selectOption(r.reason);
    await form.getByLabel('What happened').fill(r.description);
    await form.getByLabel('Days requested').fill(String(r.days));
    await form.getByRole('button', { name: 'Save referral' }).click();
    await p.getByRole('status').filter({ hasText: `Referral for ${name} saved` }).waitFor();
    return name;
  }

  waitingReferral(name: string): Locator {
    return this.page.getByRole('list', { name: 'Referrals waiting' }).getByRole('listitem', { name: `Referral for ${name}` });
  }

  async acceptAndSchedule(name: string, room: string, firstDay: string, days: number): Promise<void> {
    const item = this.waitingReferral(name);
    await item.getByRole('button', { name: 'Accept referral' }).click();
    await item.getByLabel('Room').selectOption({ label: room });
    await item.getByLabel('First day').fill(firstDay);
    await item.getByLabel('School days').fill(String(days));
    await item.getByRole('button', { name: 'Schedule' }).click();
    await item.getByText('Scheduled: record the placement').waitFor();
  }

  list(title: string): Locator {
    return this.page.getByRole('list', { name: title });
  }
}
