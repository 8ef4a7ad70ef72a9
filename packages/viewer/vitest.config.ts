import { synctrackProject } from '../../vitest.shared.js';

export default synctrackProject('viewer');
