// Unified Social Credit Codes (GB 32100-2015) with correct check characters,
// written from the standard for this evaluation (independent of zhixin's
// crates/core/src/uscc.rs, so that a shared mistake cannot hide).
//
// Layout: 1 registration authority (9 = market regulation), 1 type
// (1 = enterprise), 6 division digits (GB/T 2260), 9 organisation code
// (8 characters + a GB 11714 check character), 1 check character.

/** The code's alphabet: digits and capitals without I, O, S, V, Z; a character's value is its place. */
export const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The GB 32100 check character of the first 17 characters. */
export function usccCheck(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31];
}

/** The GB 11714 check character of an organisation code's first 8 characters (digits here). */
export function orgCheck(first8) {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8[i];
    const v = c >= "0" && c <= "9" ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55;
    sum += v * ORG_WEIGHTS[i];
  }
  const r = 11 - (sum % 11);
  return r === 10 ? "X" : r === 11 ? "0" : String(r);
}

/** Whether a string is an 18-character code with a correct final check character. */
export function usccValid(s) {
  return s.length === 18 && usccCheck(s.slice(0, 17)) === s[17];
}

/** A random valid enterprise code in division `region` (six digits); `below(n)` draws 0..n-1. */
export function makeUscc(region, below) {
  let org = "";
  for (let i = 0; i < 8; i++) org += String(below(10));
  const first17 = "91" + region + org + orgCheck(org);
  return first17 + usccCheck(first17);
}
