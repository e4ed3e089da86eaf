import { Module } from '@nestjs/common';
import { AdminBootstrap } from './admin-bootstrap';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { VerificationCache } from './verification-cache';

@Module({
  providers: [
    { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
    { provide: VerificationCache, useFactory: () => new VerificationCache() },
    UsersRepository,
    UsersService,
    AdminBootstrap,
  ],
  exports: [UsersService],
})
export class UsersModule {}
