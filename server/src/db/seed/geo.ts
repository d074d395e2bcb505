/**
 * Coordinates for the demo data: points scattered around a centre, in
 * WGS-84 degrees. Only multiply/add and Math.sqrt (correctly rounded by
 * IEEE 754) are used, so a seed gives the same coordinates everywhere; the
 * cosine is a short Taylor series, exact enough at Guizhou's latitudes.
 */
import type { Rng } from './prng.js';

export type LatLng = readonly [number, number];

/** Kilometres per degree of latitude (and of longitude at the equator). */
const KM_PER_DEGREE = 111.32;

/** cos(x) for |x| < 0.8 rad, error below 1e-9. */
function cosSmall(x: number): number {
  const x2 = x * x;
  return 1 - (x2 / 2) * (1 - (x2 / 12) * (1 - (x2 / 30) * (1 - x2 / 56)));
}

/** A direction drawn uniformly: a unit vector [north, east]. */
function direction(rng: Rng): [number, number] {
  for (;;) {
    const n = rng() * 2 - 1;
    const e = rng() * 2 - 1;
    const r2 = n * n + e * e;
    if (r2 > 1e-4 && r2 <= 1) {
      const r = Math.sqrt(r2);
      return [n / r, e / r];
    }
  }
}

/** Rounds to 6 decimals (about 0.1 m). */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** The point `km` kilometres from `from` in a random direction. */
export function offset(rng: Rng, from: LatLng, km: number): [number, number] {
  const [n, e] = direction(rng);
  const lat = from[0] + (n * km) / KM_PER_DEGREE;
  const lng = from[1] + (e * km) / (KM_PER_DEGREE * cosSmall((from[0] * Math.PI) / 180));
  return [round6(lat), round6(lng)];
}

/** Great-circle-free distance in km (equirectangular; fine below a few hundred km). */
export function distanceKm(a: LatLng, b: LatLng): number {
  const dn = (a[0] - b[0]) * KM_PER_DEGREE;
  const de = (a[1] - b[1]) * KM_PER_DEGREE * cosSmall((((a[0] + b[0]) / 2) * Math.PI) / 180);
  return Math.sqrt(dn * dn + de * de);
}
