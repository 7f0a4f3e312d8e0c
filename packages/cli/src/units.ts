// Byte counts for people, in one unit system everywhere (binary: KiB, MiB, GiB, TiB), so a
// size from `blob stat` and a figure on a progress bar read the same way.

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"] as const;

/** The unit `n` bytes are best shown in, as [name, bytes per unit]. */
export function unitFor(n: number): [string, number] {
  let i = 0;
  while (i < UNITS.length - 1 && Math.abs(n) >= 1024 ** (i + 1)) i++;
  return [UNITS[i]!, 1024 ** i];
}

/** `n` in `unit` (from unitFor): whole bytes, else one decimal. */
export function inUnit(n: number, [name, size]: [string, number]): string {
  return name === "B" ? String(Math.round(n)) : (n / size).toFixed(1);
}

/** "512 B", "1.5 KiB", "100.0 MiB". */
export function formatBytes(n: number | bigint): string {
  const v = Number(n);
  const unit = unitFor(v);
  return `${inUnit(v, unit)} ${unit[0]}`;
}
