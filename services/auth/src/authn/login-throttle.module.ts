import { Module } from '@nestjs/common';
import { LoginFailuresRepository } from './login-failures.repository';
import { LoginThrottle } from './login-throttle';

/** Failed-login throttling (PostgreSQL-backed, shared by replicas). */
@Module({
  providers: [LoginFailuresRepository, LoginThrottle],
  exports: [LoginThrottle],
})
export class LoginThrottleModule {}
