/** The action of a "Fill in…" button: its value is the command's name. */
export const FORM_ACTION = "catops.form";
