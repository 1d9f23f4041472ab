/** The wall clock (epoch ms) with performance.now()'s resolution: a batch's stages often take under a millisecond. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
