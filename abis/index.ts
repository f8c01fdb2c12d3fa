export { pmtEscrowAbi, pmtEscrowBytecode } from './pmtEscrow.js';
export { pmtDepositForwarderAbi, pmtDepositForwarderBytecode } from './pmtDepositForwarder.js';
export { pmtTestTokenAbi, pmtTestTokenBytecode } from './pmtTestToken.js';
export { bulkPayerAbi, bulkPayerBytecode } from './bulkPayer.js';
export { devPriceFeedAbi, devPriceFeedBytecode } from './devPriceFeed.js';
export { devPlainTokenAbi, devPlainTokenBytecode } from './devPlainToken.js';
