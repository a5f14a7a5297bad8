import * as ed from '@noble/ed25519';
import { sha512 } from '@noble/hashes/sha2.js';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CqrsModule, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';

ed.hashes.sha512 = sha512;

class Ping { constructor(readonly n: number) {} }
@CommandHandler(Ping)
class PingHandler implements ICommandHandler<Ping> {
  async execute(c: Ping) { return c.n + 1; }
}
@Injectable() class Dep {}
@Module({ imports: [CqrsModule.forRoot()], providers: [PingHandler, Dep] })
class M {}

test('noble signs and verifies', () => {
  const { secretKey, publicKey } = ed.keygen();
  const sig = ed.sign(new Uint8Array([1]), secretKey);
  expect(ed.verify(sig, new Uint8Array([1]), publicKey)).toBe(true);
});

test('nest cqrs dispatches', async () => {
  const app = await Test.createTestingModule({ imports: [M] }).compile();
  await app.init();
  expect(await app.get(CommandBus).execute(new Ping(1))).toBe(2);
  await app.close();
});
