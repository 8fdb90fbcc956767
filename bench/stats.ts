/** Median, interquartile range and extremes of samples: the median is robust on a shared, noisy machine. */
export interface Summary {
  median: number
  p25: number
  p75: number
  min: number
  max: number
  samples: number
}

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]!
  return { median: at(0.5), p25: at(0.25), p75: at(0.75), min: sorted[0]!, max: sorted.at(-1)!, samples: sorted.length }
}

/** The ratios of paired samples, `a[i] / b[i]`: each pair taken in one moment of the machine. */
export function pairedRatios(a: readonly number[], b: readonly number[]): Summary {
  return summarise(a.map((value, i) => value / b[i]!))
}

/** Times `batch` calls of `task` per sample, after `warmup` calls; returns ms per call for each sample. */
export async function sample(task: () => Promise<unknown>, options: { warmup: number; samples: number; batch: number }): Promise<number[]> {
  for (let i = 0; i < options.warmup; i++) await task()
  const out: number[] = []
  for (let s = 0; s < options.samples; s++) {
    const start = performance.now()
    for (let i = 0; i < options.batch; i++) await task()
    out.push((performance.now() - start) / options.batch)
  }
  return out
}

export const round = (value: number, digits = 3) => Number(value.toFixed(digits))
