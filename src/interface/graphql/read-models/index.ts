import type { Type } from '@nestjs/common';
import { FeedsResolver } from './feeds.resolver';
import { InventoriesResolver } from './inventories.resolver';
import { ReadModelsResolver } from './read-models.resolver';

/** The auditor read models' resolvers (issue 6). */
export const READ_MODEL_RESOLVERS: readonly Type<unknown>[] = [ReadModelsResolver, InventoriesResolver, FeedsResolver];
