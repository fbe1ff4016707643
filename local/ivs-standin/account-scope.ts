/** The region and account the stand-in pretends to be, which every ARN and endpoint it mints carries. */
export interface AccountScope {
  readonly region: string;
  readonly accountId: string;
}
