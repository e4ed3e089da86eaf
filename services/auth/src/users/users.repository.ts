import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@berth/db';
import type { DataSource, Repository } from 'typeorm';
import type { UserWithCredentials } from './user';
import { UserEntity } from './user.entity';

export interface NewUser {
  username: string;
  passwordHash: string;
  isAdmin: boolean;
}

@Injectable()
export class UsersRepository {
  private readonly users: Repository<UserEntity>;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource) {
    this.users = dataSource.getRepository(UserEntity);
  }

  async findByUsername(username: string): Promise<UserWithCredentials | null> {
    const row = await this.users.findOne({ where: { username } });
    return row ? toUser(row) : null;
  }

  async exists(username: string): Promise<boolean> {
    return this.users.exists({ where: { username } });
  }

  /** Inserts the user unless the username is taken (ON CONFLICT DO NOTHING); true when inserted. */
  async insertIfAbsent(user: NewUser): Promise<boolean> {
    const result = await this.users
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({ username: user.username, passwordHash: user.passwordHash, isAdmin: user.isAdmin })
      .orIgnore()
      .returning(['id'])
      .execute();
    return result.raw.length > 0;
  }
}

function toUser(row: UserEntity): UserWithCredentials {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.passwordHash,
    isAdmin: row.isAdmin,
    disabled: row.disabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
