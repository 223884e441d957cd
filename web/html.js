// @ts-check
/** Markup for the console's components: htm tagged templates over preact (no build step). */
import { h } from "preact";
import htm from "htm";

export const html = htm.bind(h);
