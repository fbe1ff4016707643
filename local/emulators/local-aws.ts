/** Region and dummy credentials for the emulators: nothing here ever reaches AWS. */
export const localRegion = 'us-east-1';
export const localAccountId = '000000000000';
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
