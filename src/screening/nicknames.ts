import { primaryCode } from "./phonetic-codes.js";

/**
 * Common English nicknames and short forms, by the full given name they stand for. Small on
 * purpose: each form here widens what holds a visitor for an officer.
 */
const FORMS: Readonly<Record<string, readonly string[]>> = {
  robert: ["bob", "bobby", "rob", "robbie", "bert"],
  william: ["bill", "billy", "will", "willie", "liam"],
  elizabeth: ["liz", "lizzie", "beth", "betty", "eliza", "libby", "betsy"],
  richard: ["rick", "ricky", "dick", "rich", "richie"],
  james: ["jim", "jimmy", "jamie"],
  john: ["jack", "johnny", "jon"],
  jonathan: ["jon", "jonny"],
  michael: ["mike", "mikey", "mick", "mickey"],
  thomas: ["tom", "tommy"],
  joseph: ["joe", "joey"],
  charles: ["charlie", "chuck", "chas"],
  christopher: ["chris", "kit"],
  christine: ["chris", "chrissy", "tina"],
  christina: ["chris", "tina"],
  daniel: ["dan", "danny"],
  david: ["dave", "davy"],
  edward: ["ed", "eddie", "ted", "ned"],
  anthony: ["tony"],
  andrew: ["andy", "drew"],
  alexander: ["alex", "sandy", "xander"],
  alexandra: ["alex", "sandra", "sasha"],
  benjamin: ["ben", "benny"],
  matthew: ["matt"],
  nicholas: ["nick", "nicky"],
  patrick: ["pat", "paddy"],
  patricia: ["pat", "patty", "trish", "tricia"],
  samuel: ["sam", "sammy"],
  samantha: ["sam", "sammy"],
  steven: ["steve"],
  stephen: ["steve"],
  timothy: ["tim", "timmy"],
  gregory: ["greg"],
  jeffrey: ["jeff"],
  kenneth: ["ken", "kenny"],
  lawrence: ["larry"],
  raymond: ["ray"],
  ronald: ["ron", "ronnie"],
  donald: ["don", "donnie"],
  douglas: ["doug"],
  gerald: ["gerry", "jerry"],
  henry: ["harry", "hank"],
  harold: ["harry", "hal"],
  frederick: ["fred", "freddie"],
  francis: ["frank"],
  franklin: ["frank"],
  peter: ["pete"],
  philip: ["phil"],
  zachary: ["zach", "zack"],
  margaret: ["maggie", "meg", "peggy", "marge"],
  katherine: ["kate", "kathy", "katie", "kat"],
  catherine: ["cathy", "cate", "kate"],
  jennifer: ["jen", "jenny"],
  rebecca: ["becky", "becca"],
  susan: ["sue", "susie"],
  deborah: ["deb", "debbie"],
  barbara: ["barb", "babs"],
  victoria: ["vicky", "tori"],
  abigail: ["abby"],
  jessica: ["jess", "jessie"],
  kimberly: ["kim"],
  pamela: ["pam"],
  cynthia: ["cindy"],
  dorothy: ["dot", "dottie"],
  theresa: ["terry", "tess"],
  amanda: ["mandy"],
  judith: ["judy"],
  josephine: ["jo", "josie"],
};

/** Full given names by form (a form may stand for several, as Pat for Patrick and Patricia). */
const FULL = new Map<string, string[]>();
for (const [full, forms] of Object.entries(FORMS)) {
  for (const form of forms) FULL.set(form, [...(FULL.get(form) ?? []), full]);
}

/** The full names a folded given name may stand for: itself, and those it is a nickname of. */
export function givenForms(name: string): readonly string[] {
  const full = FULL.get(name);
  return full === undefined ? [name] : [name, ...full];
}

/** Shorter names' codes are too coarse to stand for one name (Jo, Al, Ed). */
const SOUND_MIN = 3;

/** Full given names by the primary Double Metaphone code of each full name and each of its forms. */
const FULL_BY_SOUND = new Map<string, string[]>();
for (const [full, forms] of Object.entries(FORMS)) {
  for (const spelled of [full, ...forms]) {
    if (spelled.length < SOUND_MIN) continue;
    const code = primaryCode(spelled);
    const known = FULL_BY_SOUND.get(code) ?? [];
    if (!known.includes(full)) FULL_BY_SOUND.set(code, [...known, full]);
  }
}

/**
 * The full names a given name may stand for when it sounds like a nickname or a full name of the
 * table (its primary Double Metaphone code): a misspelled nickname (Bobbie, Jimm, Kris) or full name
 * (Robbert) still maps. Itself and its table forms first.
 */
export function soundedForms(name: string): readonly string[] {
  const forms = givenForms(name);
  if (name.length < SOUND_MIN) return forms;
  const sounded = FULL_BY_SOUND.get(primaryCode(name));
  return sounded === undefined ? forms : [...new Set([...forms, ...sounded])];
}
