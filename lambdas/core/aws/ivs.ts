import { IvsClient } from '@aws-sdk/client-ivs';

export const ivsClient = new IvsClient({});
