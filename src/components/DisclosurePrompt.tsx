// The CPOMS prompt under free text that may hold a disclosure (shown while `show` is true).
import { DISCLOSURE_PROMPT } from '../domain/disclosure';

export function DisclosurePrompt({ show = true }: { show?: boolean }) {
  return show ? (
    <p className="notice disclosure" role="note">
      {DISCLOSURE_PROMPT}
    </p>
  ) : null;
}
