// A cluster id as the config defines it; checked before it is echoed in a message or stored anywhere.
import { z } from 'zod';

export const CLUSTER_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export const clusterIdSchema = z.string().max(63).regex(CLUSTER_ID_PATTERN, 'is not a cluster id');
