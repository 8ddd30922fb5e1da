// The console's stages, in the order of the operator flow. A stage is a file exporting its SECTIONS, ACTIONS and
// TABLES (declared as in actions.js and tables.js); the page shows every stage's sections, buttons and tables in this
// order. A later stage is one more file and one more line here. (executive.js reads ACTIONS below lazily, to link an
// open item to the action that closes it; the import cycle is safe because nothing reads it while modules load.)

import * as notifications from "../actions.js";
import { TABLES as notificationTables } from "../tables.js";
import * as recovery from "./recovery.js";
import * as executive from "./executive.js";

const STAGES = [
  { SECTIONS: notifications.SECTIONS, ACTIONS: notifications.ACTIONS, TABLES: notificationTables },
  recovery,
  executive,
];

export const SECTIONS = STAGES.flatMap((stage) => stage.SECTIONS || []);
export const ACTIONS = STAGES.flatMap((stage) => stage.ACTIONS || []);
export const TABLES = STAGES.flatMap((stage) => stage.TABLES || []);
