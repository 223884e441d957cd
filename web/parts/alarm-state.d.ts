/** Types of alarm-state.js for the node tests (the browser code is checked by web/tsconfig.json). */
export declare function alarmStateWords(a: { state: string; active: boolean }): string;
