import { configDefaults } from 'vitest/config';
import { synctrackProject } from '../../vitest.shared.js';
import { ISOLATED_FILES } from './vitest.isolated.config.js';

export default synctrackProject('core', { test: { exclude: [...configDefaults.exclude, ...ISOLATED_FILES] } });
