/** What the vector is for: some providers embed queries and documents differently. */
export type EmbedPurpose = 'document' | 'query';

export type Embedder = {
  /**
   * Stable identity of the vector space (provider, model, dimensions). Vectors of different
   * embedders never meet: the collection name carries this id.
   */
  readonly id: string;
  embed(texts: readonly string[], purpose: EmbedPurpose): Promise<number[][]>;
};
