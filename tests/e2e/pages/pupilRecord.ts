// Page object for a pupil's record and interviews: the supervisor's tasks, by role and accessible name.
import type { Locator, Page } from 'playwright-core';

export class PupilRecordPage {
  constructor(readonly page: Page) {}

  async open(fromRegisterCard: Locator, name: string): Promise<void> {
    await fromRegisterCard.getByRole('link', { name }).click();
    await this.page.getByRole('heading', { level: 1, name }).waitFor();
  }

  async startInterview(kind: 'entry interview' | '1-1 reflection' | 'exit interview'): Promise<void> {
    await this.page.getByRole('button', { name: `Start ${kind}` }).click();
    await this.page.getByText(/^Question 1 of \d+$/).waitFor();
  }

  /** Types the pupil's answer to the question on screen, labelled by the question itself. */
  async answer(question: string, words: string): Promise<void> {
    await this.page.getByRole('textbox', { name: new RegExp(`^${question}`) }).fill(words);
  }

  async next(): Promise<void> {
    await this.page.getByRole('button', { name: 'Next' }).click();
  }

  timeline(): Locator {
    return this.page.getByRole('list', { name: 'Timeline' });
  }

  async showOnly(kind: string): Promise<void> {
    await this.page.getByRole('radiogroup', { name: 'Show' }).getByRole('radio', { name: kind }).click();
  }
}
