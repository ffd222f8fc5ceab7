// The Content-Security-Policy of the review desk (Electron and the test host): only our own code
// and style sheets (no inline <style>/style attributes in markup; React sets styles through CSSOM),
// no remote loads, no eval; blob: workers for pdf.js, data:/blob: images for rendered pages.
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
