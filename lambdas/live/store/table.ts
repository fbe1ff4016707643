import { z } from 'zod';
import { documentClient } from '../../core/aws/dynamodb';
import { readEnv } from '../../core/env';
import { tables } from '../../../lib/topology';

const env = readEnv({ [tables.live.envName]: z.string().min(1) });
export const liveTable: string = env[tables.live.envName];
export const db = documentClient;
