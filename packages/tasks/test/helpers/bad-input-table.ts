// One bad-input table runner for every package: the kernel's, which every package's tests may read.
export { delayRows, describeBadInput, type Entry, type ErrorClass, functionRows, type Mode, type Row } from "../../../loop/test/helpers/bad-input-table.js";
