// Screen audits for browser tests: every control has an accessible name, and touch targets are at least 44×44 px.
import type { Page } from 'playwright-core';

const CONTROL_ROLES = ['button', 'link', 'textbox', 'searchbox', 'combobox', 'checkbox', 'radio', 'spinbutton', 'slider', 'switch'];

/** Controls in the accessibility tree without a name, as "role" lines of the page's ARIA snapshot. */
export async function unnamedControls(page: Page): Promise<string[]> {
  const snapshot = await page.locator('body').ariaSnapshot();
  return snapshot
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => {
      const m = /^- (\w+)(.*)$/.exec(line);
      return !!m && CONTROL_ROLES.includes(m[1]!) && !/^\s*"/.test(m[2]!);
    });
}

/**
 * Controls smaller than 44×44 CSS px. A checkbox or radio input counts its label (the label is the target);
 * links inside running text are exempt, as WCAG 2.5.8 allows.
 */
export async function smallTargets(page: Page, min = 44): Promise<string[]> {
  return page.evaluate((size) => {
    const out: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>('button, a[href], input:not([type=hidden]), select, textarea, [role=radio]');
    for (const el of controls) {
      if (el.closest('p, li, td, dd') && el.tagName === 'A') continue;
      const target = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? (el.closest('label') ?? el) : el;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown
      if (box.width < size || box.height < size) out.push(`${Math.round(box.width)}×${Math.round(box.height)} ${el.outerHTML.slice(0, 120)}`);
    }
    return out;
  }, min);
}
