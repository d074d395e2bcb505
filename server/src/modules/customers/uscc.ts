/**
 * The unified social credit code 统一社会信用代码 (GB 32100-2015): 18 characters
 * from a 31-letter alphabet; the last is a check character over the first 17.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character for the first 17 characters of a code. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Why a code is invalid, or null when it is valid. */
export function usccProblem(code: string): string | null {
  if (code.length !== 18) return 'must be 18 characters';
  if (!SHAPE.test(code)) return 'may only contain digits and the capital letters of GB 32100 (no I, O, S, V or Z), with a 6-digit division code in positions 3–8';
  if (usccCheckCharacter(code.slice(0, 17)) !== code[17]) return 'has a wrong check character';
  return null;
}
