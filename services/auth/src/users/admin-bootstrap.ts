import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigError } from '@berth/config';
import { AUTH_CONFIG, type AuthConfig } from '../config/auth.config';
import { BOOTSTRAP_ADMIN_USERNAME } from './user';
import { UsersService } from './users.service';

/**
 * At startup, creates the administrator "admin" from BERTH_ADMIN_PASSWORD when it does
 * not exist yet, and fails the start when that variable is missing then. An existing
 * admin is never touched: its password is changed with the user commands, not here.
 */
@Injectable()
export class AdminBootstrap implements OnModuleInit {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly users: UsersService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const password = this.config.BERTH_ADMIN_PASSWORD;
    if (await this.users.bootstrapAdminExists()) {
      if (password)
        this.logger.log(
          `user "${BOOTSTRAP_ADMIN_USERNAME}" exists; BERTH_ADMIN_PASSWORD is ignored (it never overwrites a password)`,
        );
      return;
    }
    if (!password) {
      throw new ConfigError(
        `BERTH_ADMIN_PASSWORD is required: the user "${BOOTSTRAP_ADMIN_USERNAME}" does not exist yet and is created with that password at first start`,
      );
    }
    const created = await this.users.createBootstrapAdmin(password);
    this.logger.log(
      created
        ? `created user "${BOOTSTRAP_ADMIN_USERNAME}"`
        : `user "${BOOTSTRAP_ADMIN_USERNAME}" was created by another replica`,
    );
  }
}
