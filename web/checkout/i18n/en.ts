// The checkout's English messages, and the shape every other language's catalogue must have (see
// docs/checkout.md, "Translating the checkout"). Placeholders are function parameters, so a translation
// may put them in any order; amounts and dates arrive already formatted for the buyer's locale.

export const en = {
  title: (merchant: string) => `Pay ${merchant}`,
  testMode: 'Test mode: no real money',
  amount: 'Amount',
  network: 'Network',
  expiresIn: (time: string) => `Expires in ${time}`,
  payWith: 'Pay with',
  depositTitle: 'Or send it from any wallet or exchange',
  depositQr: (amount: string) => `QR code: a request to pay ${amount} to this payment’s own address`,
  depositSendExactly: 'Send exactly',
  depositTo: 'To this address',
  copyAddress: 'Copy address',
  copied: 'Copied',
  depositHint: (symbol: string, network: string) =>
    `Only ${symbol} on ${network}. This address is for this payment alone; the page updates when your transfer arrives.`,
  refundAddressLabel: 'Sending from an exchange? Your own address for refunds',
  refundAddressHint:
    'Refunds go back to the address the transfer came from. An exchange’s address is not yours: give one of your own wallet’s instead.',
  saveRefundAddress: 'Save refund address',
  refundAddressSaved: (address: string) => `Refunds go to ${address}.`,
  refundAddressRefused: (code: string): string =>
    code === 'address_invalid' || code === 'address_checksum_invalid'
      ? 'That is not a valid address. Copy it again from your wallet.'
      : 'The refund address could not be saved now: the payment may already be complete.',
  depositUnderpaid: (received: string, missing: string) =>
    `${received} arrived. Send ${missing} more to the same address before the payment expires; otherwise what arrived is sent back to you.`,
  depositOverpaid: (received: string, excess: string) =>
    `${received} arrived: more than the amount. The payment is taken from it, and the merchant refunds the ${excess} over.`,
  depositLate:
    'Your transfer arrived after the payment expired, so it does not pay for this order: it is sent back to you.',
  depositFromContract:
    'Your transfer came from a contract account (a smart wallet or an exchange), which the network does not name as its sender. Give your own address for refunds below to complete the payment.',
  depositWrongAsset: (symbol: string) =>
    `Something other than ${symbol} arrived at this address. It does not pay for this order; the merchant refunds it.`,
  depositWrongNetwork: (network: string) =>
    `A transfer to this address arrived on another network than ${network}. It does not pay for this order, and is sent back to you on the network you sent it on.`,
  noWallet:
    'No browser wallet found. Install MetaMask, Talisman or SubWallet, or open this page in your wallet app’s browser, then reload.',
  connecting: (wallet: string) => `Connecting to ${wallet}…`,
  switching: (network: string) => `Switching your wallet to ${network}…`,
  checking: 'Checking your balance…',
  stepApprove: (symbol: string) => `Allow the escrow to take ${symbol}`,
  stepPermit: (symbol: string) => `Sign a permit for ${symbol}`,
  stepPay: 'Pay into escrow',
  confirmInWallet: 'Confirm in your wallet',
  waitingForBlock: 'Sent; waiting for it to be mined…',
  viewTransaction: 'View transaction',
  rejected: 'You declined the request in your wallet. You can try again.',
  connectRefused: 'You declined the connection. Choose a wallet to try again.',
  wrongNetwork: (network: string) => `Your wallet stayed on another network. Switch to ${network} to pay.`,
  pendingRequest: 'Your wallet has a request waiting: open it to continue.',
  insufficientFunds: (have: string, need: string) => `This wallet holds ${have}; the payment needs ${need}.`,
  insufficientGas: (symbol: string) =>
    `This wallet cannot pay the network fee as well: add some ${symbol} and try again.`,
  notMined:
    'Your transaction has not been mined after 10 minutes. Check it in your wallet; if it was dropped or canceled, try again.',
  submitted: 'Payment sent and mined; waiting for the gateway to confirm it…',
  walletUnreachable: (network: string) => `Your wallet could not reach ${network}. Check its connection and retry.`,
  failedOnchain: 'The transaction failed on chain; nothing was paid. You can try again.',
  refusedExpired: 'This payment request has expired; the escrow no longer accepts it.',
  refusedPaid: 'This payment request is already paid.',
  refusedPaused: 'Payments are paused by the gateway’s operator for now. Try again later.',
  refusedOther: (reason: string) => `This transaction would fail on chain (${reason}), so it was not sent.`,
  tryAgain: 'Try again',
  processing: (confirmations: string) => `Payment received, confirming (${confirmations})`,
  confirmations: (count: number) => (count === 1 ? '1 confirmation' : `${count} confirmations`),
  awaitingPayment: 'Choose your wallet to pay',
  succeeded: 'Paid',
  partiallyRefunded: 'Paid, partly refunded',
  refundedStatus: 'Refunded',
  disputedStatus: 'Paid, in dispute',
  checkout: 'Checkout',
  receipt: 'Receipt',
  paidBy: 'Paid by',
  transaction: 'Transaction',
  heldUntil: 'Held in escrow until',
  released: (merchant: string) => `Released to ${merchant}`,
  refunded: (amount: string) => `Refunded to you: ${amount}`,
  disputeOpen: (deadline: string) => `Dispute open: the arbiter rules by ${deadline}`,
  disputeEnded: (toBuyer: string, toMerchant: string) =>
    `The dispute is settled: ${toBuyer} back to you, ${toMerchant} to the merchant.`,
  confirmReceipt: 'Confirm receipt',
  confirmReceiptHint: (merchant: string) => `Pays ${merchant} now instead of at the end of the hold.`,
  reportProblem: 'Report a problem',
  reportProblemHint: (deadline: string) => `Opens a dispute that an arbiter decides. Possible until ${deadline}.`,
  connectToManage: 'Connect the wallet that paid to confirm receipt or report a problem.',
  connectWallet: 'Connect wallet',
  notBuyer: (address: string) => `The connected wallet ${address} did not make this payment.`,
  expired: 'This payment request has expired. No payment is possible any more.',
  canceled: 'The merchant canceled this payment request. Anything still sent to it is sent back.',
  notFound: 'This payment link is not valid. Ask the merchant for a new one.',
  returnToMerchant: (merchant: string) => `Back to ${merchant}`,
  apiRetrying: (seconds: number) => `Cannot reach the payment server. Retrying in ${seconds} s…`,
  apiConnecting: 'Loading the payment…',
};

export type Messages = typeof en;
