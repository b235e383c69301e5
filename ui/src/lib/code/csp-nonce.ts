/**
 * The nonce Tauri gives this page's inline styles. CodeMirror writes its styles into a `<style>`
 * tag at run time, which the strict CSP (`style-src 'self'`, no `unsafe-inline`) refuses unless
 * the tag carries the nonce. Tauri puts a fresh nonce on every `<style>` of `index.html` when it
 * serves the page and adds it to the CSP; `index.html` holds one such tag for this (`#csp-nonce`).
 * Browsers hide a nonce from `getAttribute` once the page has loaded: the property has it.
 */
export function styleNonce(): string | null {
  const carrier = document.getElementById('csp-nonce') as HTMLStyleElement | null;
  return carrier?.nonce || null;
}
