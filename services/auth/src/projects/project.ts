/** A project (namespace) as stored. */
export interface ProjectRecord {
  id: string;
  name: string;
  public: boolean;
  createdAt: Date;
  createdBy: string;
}
