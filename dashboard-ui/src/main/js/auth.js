// The gateway's access token, kept for this browser tab only (sessionStorage), and the prompt for it.
const KEY = 'pulseboard.token';
let pending = null;

/** Fires 'change' when the page starts or stops waiting for a token. */
export const tokenPrompt = new EventTarget();

/** Whether the page is waiting for a token to be entered. */
export function tokenWanted() {
  return pending !== null;
}

export function token() {
  return sessionStorage.getItem(KEY) || '';
}

/**
 * Asks for a token (once, however many callers are waiting) and resolves when one was entered.
 * `reason` says why, for example that the last token was refused.
 */
export function askForToken(reason) {
  if (pending) return pending;
  const dialog = document.getElementById('token-dialog');
  const form = document.getElementById('token-form');
  const input = document.getElementById('token-input');
  document.getElementById('token-error').textContent = reason || '';
  pending = new Promise((resolve) => {
    form.addEventListener('submit', () => {
      sessionStorage.setItem(KEY, input.value.trim());
      input.value = '';
      pending = null;
      resolve(token());
      tokenPrompt.dispatchEvent(new Event('change'));
    }, { once: true });
  });
  tokenPrompt.dispatchEvent(new Event('change'));
  if (!dialog.open) dialog.showModal();
  input.focus();
  return pending;
}
