// Enhanced status codes (RFC 3463 §2, carried in replies per RFC 2034 §3): "class.subject.detail"
// at the start of the text; the class repeats the reply code's first digit.

const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})(?: +|$)/;

export function parseEnhancedStatus(
  code: number,
  text: string,
): { enhanced: string | null; rest: string } {
  const m = ENHANCED.exec(text);
  if (!m || Number(m[1]) !== Math.floor(code / 100)) return { enhanced: null, rest: text };
  return { enhanced: `${m[1]}.${m[2]}.${m[3]}`, rest: text.slice(m[0].length) };
}
