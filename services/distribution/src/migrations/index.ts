import { CreateDistributionTables1763800000000 } from './1763800000000-create-distribution-tables';

/** Every migration of the distribution schema, oldest first. */
export const DISTRIBUTION_MIGRATIONS = [CreateDistributionTables1763800000000];
