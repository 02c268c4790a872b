import { storageConformance } from '@quorum/conformance';
import { MemoryStorage } from './index.js';

storageConformance('MemoryStorage', async () => ({ storage: new MemoryStorage() }));
