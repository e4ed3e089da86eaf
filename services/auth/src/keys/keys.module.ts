import { Module } from '@nestjs/common';
import { SigningKeyRotationGrpcController } from './signing-key-rotation.grpc.controller';
import { SigningKeysGrpcController } from './signing-keys.grpc.controller';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningKeysService } from './signing-keys.service';

@Module({
  controllers: [SigningKeysGrpcController, SigningKeyRotationGrpcController],
  providers: [SigningKeysRepository, SigningKeysService],
  exports: [SigningKeysService],
})
export class KeysModule {}
