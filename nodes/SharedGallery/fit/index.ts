export { FIT_PLATFORMS, LIMITS, MB, GB, SOURCES, type FitPlatform } from './limits';
export { checkFit, type Fit, type FitInput } from './verdict';
export { FIT_PLATFORM_OPTIONS, renderLimitsTable, withLimitsTable } from './table';
