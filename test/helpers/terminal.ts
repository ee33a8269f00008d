/** Any character a terminal acts on: C0 controls except tab and newline, DEL, C1 (8-bit CSI), bidi overrides. */
export const terminalControl =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
