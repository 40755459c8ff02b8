// Page object for the off-site assistant's tasks on a phone: providers in Settings, then check-ins at the provider.
import type { Locator, Page } from 'playwright-core';

export class OffsitePage {
  constructor(readonly page: Page) {}

  async addProvider(name: string, contact: string, phone: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Add a provider' });
    await form.getByLabel('Provider name').fill(name);
    await form.getByLabel('Contact person').fill(contact);
    await form.getByLabel('Phone').fill(phone);
    await form.getByRole('button', { name: 'Add provider' }).click();
    await this.page.getByRole('form', { name: `Edit ${name}` }).waitFor();
  }

  /** Adds the first pupil matching the search to the provider being edited; returns their name. */
  async addPupilToProvider(provider: string, query: string): Promise<string> {
    await this.page.getByLabel(`Add a pupil to ${provider}`).fill(query);
    const choice = this.page.getByRole('list', { name: 'Matching pupils' }).getByRole('button').first();
    const name = ((await choice.textContent()) ?? '').replace(/^Add /, '').replace(/, [^,]+$/, '');
    await choice.click();
    await this.page.getByRole('list', { name: `Pupils at ${provider}` }).getByText(name, { exact: true }).waitFor();
    return name;
  }

  /** Makes sure the pupil attends on the given weekday ("Mon" … "Sun"). */
  async attendsOn(name: string, day: string): Promise<void> {
    const box = this.page.getByRole('checkbox', { name: `${name} on ${day}` });
    if (!(await box.isChecked())) await box.click();
    await box.and(this.page.locator(':checked')).waitFor();
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Off-site' }).click();
    await this.page.getByRole('heading', { name: 'Off-site check-in' }).waitFor();
  }

  card(name: string): Locator {
    return this.page.getByRole('article', { name });
  }

  /** The "Here at …" or "Not here" choice for a session ("Morning (AM)" or "Afternoon (PM)"). */
  session(name: string, session: 'Morning (AM)' | 'Afternoon (PM)', here: boolean): Locator {
    return this.card(name).getByRole('group', { name: session }).getByRole('radio', { name: here ? /^Here at / : 'Not here' });
  }

  /** Saves a pupil's first check-in of the day and waits until it is stored on the phone. */
  async save(name: string): Promise<void> {
    const card = this.card(name);
    await card.getByRole('button', { name: 'Save check-in' }).click();
    await card.getByText(/^Last saved /).waitFor();
  }

  /** Reports an incident; with no `decided` it is saved awaiting the decision. */
  async reportIncident(name: string, incident: { at: string; by: string; what: string; decided?: string }): Promise<void> {
    const card = this.card(name);
    await card.getByText('Report an incident').click();
    const form = card.getByRole('form', { name: `Incident for ${name}` });
    await form.getByLabel('Time').fill(incident.at);
    await form.getByLabel('Reported by').fill(incident.by);
    await form.getByLabel('What happened').fill(incident.what);
    if (incident.decided) await form.getByLabel(/^What was decided/).fill(incident.decided);
    await form.getByRole('button', { name: 'Add incident' }).click();
    await card.getByRole('list', { name: `Incidents for ${name}` }).getByText(incident.what, { exact: false }).waitFor();
  }

  /** Opens the pupil's IBEC plan on their card. */
  async openPlan(name: string): Promise<Locator> {
    const card = this.card(name);
    const summary = card.getByText('IBEC plan and progress');
    if ((await card.locator('details:has(> summary:text("IBEC plan and progress"))').getAttribute('open')) === null) await summary.click();
    return card;
  }

  async addTarget(name: string, target: string, agreedWith: string): Promise<void> {
    const card = await this.openPlan(name);
    const form = card.getByRole('form', { name: `Add a target to ${name}’s plan` });
    await form.getByLabel('New target').fill(target);
    await form.getByLabel('Agreed with').fill(agreedWith);
    await form.getByRole('button', { name: 'Add target' }).click();
    await card.getByRole('figure', { name: `Progress: ${target}` }).waitFor();
  }

  /** Rates one of the plan's targets at this visit (1 excellent … 4 unacceptable). */
  async rateTarget(name: string, target: string, rating: '1' | '2' | '3' | '4'): Promise<void> {
    const card = await this.openPlan(name);
    const form = card.getByRole('form', { name: `Progress for ${name}` });
    await form.getByLabel('IBEC target').selectOption({ label: target });
    await form.getByLabel('Rating').selectOption(rating);
    await form.getByRole('button', { name: 'Add progress' }).click();
  }

  /** Chooses the day on the off-site screen (YYYY-MM-DD). */
  async openDay(date: string): Promise<void> {
    await this.page.getByLabel('Day', { exact: true }).fill(date);
  }
}
