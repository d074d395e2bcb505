// The unified social credit code 统一社会信用代码 (GB 32100-2015): 18
// characters from digits and capital letters without I, O, S, V, Z. The
// console checks only the shape; the server validates the check character
// and is the authority (DOMAIN.md, Customers: Identity).
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** Uppercases and drops spaces, as people paste codes from licences and websites. */
export function normalizeUscc(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export function hasUsccShape(code: string): boolean {
  return USCC_SHAPE.test(code);
}
