// npm run bench:gas — gas of every escrow path, next to a plain transfer measured in the same run.
import { printFigures } from './figures.js';
import { measureGas } from './gasScenario.js';

printFigures(await measureGas());
