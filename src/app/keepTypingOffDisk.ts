// Keeps what staff type out of the browser's own files: Chromium saves typed form values (session restore, autofill) unless autocomplete is off.
const CONTROLS = 'form, input, textarea, select';

function turnOff(node: Node): void {
  if (!(node instanceof Element)) return;
  if (node.matches(CONTROLS)) node.setAttribute('autocomplete', 'off');
  node.querySelectorAll(CONTROLS).forEach((control) => control.setAttribute('autocomplete', 'off'));
}

/**
 * Sets autocomplete="off" on every form and control now and whenever one is added (before anyone can type in it),
 * so no note, name or answer lands in the profile's Sessions or Web Data files in clear. Returns a stop function.
 */
export function keepTypingOffDisk(root: Document): () => void {
  turnOff(root.documentElement);
  const observer = new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach(turnOff)));
  observer.observe(root.documentElement, { childList: true, subtree: true });
  return () => observer.disconnect();
}
