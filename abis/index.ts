export { pmtEscrowAbi, pmtEscrowBytecode } from './pmtEscrow.js';
export { pmtTestTokenAbi, pmtTestTokenBytecode } from './pmtTestToken.js';
