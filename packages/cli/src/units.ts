// Byte counts for people, in one unit system everywhere (binary: KiB, MiB, GiB, TiB), so a
// size from `blob stat` and a figure on a progress bar read the same way; and durations in flags.
import { UsageError } from "@castore/service-kit/args";

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

/** "64MiB", "1.5GiB", "500k", "1000000" -> bytes (K, M, G, T and KiB… alike: binary units). */
export function parseBytes(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]) * 1024 ** "_kmgt".indexOf((m[2] || "_").toLowerCase());
  return Number.isFinite(n) && n >= 1 ? Math.round(n) : null;
}

/** "1h", "30m", "2s", "500ms", "1h30m", "90" (seconds) -> milliseconds. */
export function parseDuration(text: string, what = "--grace"): number {
  const bad = () => new UsageError(`${what} must be a duration such as 1h, 30m, 90s or 500ms, got ${JSON.stringify(text)}`);
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let ms = 0;
  let rest = text;
  if (rest === "") throw bad();
  while (rest !== "") {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)/.exec(rest);
    if (!m) throw bad();
    ms += Number(m[1]) * unit[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return Math.round(ms);
}
