import { Module } from '@nestjs/common';
import { ReferrersGrpcController } from './referrers.grpc.controller';
import { ReferrersRepository } from './referrers.repository';
import { ReferrersService } from './referrers.service';

@Module({
  controllers: [ReferrersGrpcController],
  providers: [ReferrersService, ReferrersRepository],
})
export class ReferrersModule {}
