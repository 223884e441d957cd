/** The one module of `talisman` the screening uses; the package ships no types. */
declare module "talisman/phonetics/daitch-mokotoff.js" {
  /** Daitch–Mokotoff Soundex codes of a name: six digits each, several when a letter group reads two ways. */
  export default function daitchMokotoff(name: string): string[];
}
