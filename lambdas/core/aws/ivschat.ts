import { IvschatClient } from '@aws-sdk/client-ivschat';

export const ivschatClient = new IvschatClient({});
