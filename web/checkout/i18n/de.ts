// The checkout's German messages (Deutsch). Same keys as en.ts; the type makes a missing one fail to build.
import type { Messages } from './en.js';

export const de: Messages = {
  title: (merchant) => `${merchant} bezahlen`,
  testMode: 'Testmodus: kein echtes Geld',
  amount: 'Betrag',
  network: 'Netzwerk',
  expiresIn: (time) => `Läuft ab in ${time}`,
  payWith: 'Bezahlen mit',
  depositTitle: 'Oder senden Sie es von einer beliebigen Wallet oder Börse',
  depositQr: (amount) => `QR-Code: eine Zahlungsanforderung über ${amount} an die eigene Adresse dieser Zahlung`,
  depositSendExactly: 'Senden Sie genau',
  depositTo: 'An diese Adresse',
  copyAddress: 'Adresse kopieren',
  copied: 'Kopiert',
  depositHint: (symbol, network) =>
    `Nur ${symbol} auf ${network}. Diese Adresse gilt nur für diese Zahlung; die Seite aktualisiert sich, sobald Ihre Überweisung eintrifft.`,
  refundAddressLabel: 'Senden Sie von einer Börse? Ihre eigene Adresse für Erstattungen',
  refundAddressHint:
    'Erstattungen gehen an die Adresse, von der die Überweisung kam. Die Adresse einer Börse gehört nicht Ihnen: geben Sie eine Ihrer eigenen Wallet an.',
  saveRefundAddress: 'Erstattungsadresse speichern',
  refundAddressSaved: (address) => `Erstattungen gehen an ${address}.`,
  refundAddressRefused: (code) =>
    code === 'address_invalid' || code === 'address_checksum_invalid'
      ? 'Das ist keine gültige Adresse. Kopieren Sie sie erneut aus Ihrer Wallet.'
      : 'Die Erstattungsadresse konnte jetzt nicht gespeichert werden: die Zahlung ist womöglich schon abgeschlossen.',
  depositUnderpaid: (received, missing) =>
    `${received} sind eingegangen. Senden Sie ${missing} mehr an dieselbe Adresse, bevor die Zahlung abläuft; sonst wird Ihnen der eingegangene Betrag zurückgesandt.`,
  depositOverpaid: (received, excess) =>
    `${received} sind eingegangen: mehr als der Betrag. Die Zahlung wird daraus beglichen, und der Händler erstattet die überzähligen ${excess}.`,
  depositLate:
    'Ihre Überweisung ist nach Ablauf der Zahlung eingegangen und bezahlt diese Bestellung daher nicht: sie wird Ihnen zurückgesandt.',
  depositFromContract:
    'Ihre Überweisung kam von einem Vertragskonto (einer Smart Wallet oder einer Börse), das das Netzwerk nicht als Absender nennt. Geben Sie unten Ihre eigene Adresse für Erstattungen an, um die Zahlung abzuschließen.',
  depositWrongAsset: (symbol) =>
    `An diese Adresse ist etwas anderes als ${symbol} gegangen. Es bezahlt diese Bestellung nicht; der Händler erstattet es.`,
  depositWrongNetwork: (network) =>
    `Eine Überweisung an diese Adresse ist in einem anderen Netzwerk als ${network} eingegangen. Sie bezahlt diese Bestellung nicht und wird Ihnen in dem Netzwerk zurückgesandt, in dem Sie sie gesendet haben.`,
  noWallet:
    'Keine Browser-Wallet gefunden. Installieren Sie MetaMask, Talisman oder SubWallet oder öffnen Sie diese Seite im Browser Ihrer Wallet-App und laden Sie sie neu.',
  connecting: (wallet) => `Verbindung mit ${wallet}…`,
  switching: (network) => `Ihre Wallet wechselt zu ${network}…`,
  checking: 'Guthaben wird geprüft…',
  stepApprove: (symbol) => `Dem Treuhandvertrag ${symbol} freigeben`,
  stepPermit: (symbol) => `Eine Freigabe für ${symbol} signieren`,
  stepPay: 'In die Treuhand zahlen',
  confirmInWallet: 'In Ihrer Wallet bestätigen',
  waitingForBlock: 'Gesendet; warte auf den Block…',
  viewTransaction: 'Transaktion ansehen',
  rejected: 'Sie haben die Anfrage in Ihrer Wallet abgelehnt. Sie können es erneut versuchen.',
  connectRefused: 'Sie haben die Verbindung abgelehnt. Wählen Sie eine Wallet, um es erneut zu versuchen.',
  wrongNetwork: (network) => `Ihre Wallet ist in einem anderen Netzwerk geblieben. Wechseln Sie zu ${network}.`,
  pendingRequest: 'In Ihrer Wallet wartet eine Anfrage: Öffnen Sie sie, um fortzufahren.',
  insufficientFunds: (have, need) => `Diese Wallet hält ${have}; die Zahlung braucht ${need}.`,
  insufficientGas: (symbol) =>
    `Diese Wallet kann die Netzwerkgebühr nicht zusätzlich zahlen: Laden Sie etwas ${symbol} auf und versuchen Sie es erneut.`,
  notMined:
    'Ihre Transaktion ist nach 10 Minuten noch nicht im Block. Prüfen Sie sie in Ihrer Wallet; wurde sie verworfen oder abgebrochen, versuchen Sie es erneut.',
  submitted: 'Zahlung gesendet und im Block; warte auf die Bestätigung des Gateways…',
  walletUnreachable: (network) =>
    `Ihre Wallet konnte ${network} nicht erreichen. Prüfen Sie die Verbindung und versuchen Sie es erneut.`,
  failedOnchain: 'Die Transaktion ist auf der Chain fehlgeschlagen; es wurde nichts bezahlt.',
  refusedExpired: 'Diese Zahlungsanforderung ist abgelaufen; der Treuhandvertrag nimmt sie nicht mehr an.',
  refusedPaid: 'Diese Zahlungsanforderung ist bereits bezahlt.',
  refusedPaused: 'Zahlungen sind vom Betreiber vorübergehend angehalten. Versuchen Sie es später erneut.',
  refusedOther: (reason) => `Diese Transaktion würde auf der Chain fehlschlagen (${reason}) und wurde nicht gesendet.`,
  tryAgain: 'Erneut versuchen',
  processing: (confirmations) => `Zahlung eingegangen, wird bestätigt (${confirmations})`,
  confirmations: (count) => (count === 1 ? '1 Bestätigung' : `${count} Bestätigungen`),
  awaitingPayment: 'Wählen Sie Ihre Wallet zum Bezahlen',
  succeeded: 'Bezahlt',
  partiallyRefunded: 'Bezahlt, teilweise erstattet',
  refundedStatus: 'Erstattet',
  disputedStatus: 'Bezahlt, im Streitfall',
  checkout: 'Bezahlung',
  receipt: 'Beleg',
  paidBy: 'Bezahlt von',
  transaction: 'Transaktion',
  heldUntil: 'In Treuhand bis',
  released: (merchant) => `An ${merchant} freigegeben`,
  refunded: (amount) => `An Sie erstattet: ${amount}`,
  disputeOpen: (deadline) => `Streitfall offen: Der Schlichter entscheidet bis ${deadline}`,
  disputeEnded: (toBuyer: string, toMerchant: string) =>
    `Der Streitfall ist entschieden: ${toBuyer} zurück an Sie, ${toMerchant} an den Händler.`,
  confirmReceipt: 'Erhalt bestätigen',
  confirmReceiptHint: (merchant) => `Zahlt ${merchant} sofort statt am Ende der Haltefrist.`,
  reportProblem: 'Problem melden',
  reportProblemHint: (deadline) =>
    `Eröffnet einen Streitfall, den ein Schlichter entscheidet. Möglich bis ${deadline}.`,
  connectToManage: 'Verbinden Sie die Wallet, die bezahlt hat, um den Erhalt zu bestätigen oder ein Problem zu melden.',
  connectWallet: 'Wallet verbinden',
  notBuyer: (address) => `Die verbundene Wallet ${address} hat diese Zahlung nicht geleistet.`,
  expired: 'Diese Zahlungsanforderung ist abgelaufen. Eine Zahlung ist nicht mehr möglich.',
  canceled: 'Der Händler hat diese Zahlungsanforderung storniert. Was trotzdem noch gesendet wird, geht zurück.',
  notFound: 'Dieser Zahlungslink ist ungültig. Bitten Sie den Händler um einen neuen.',
  returnToMerchant: (merchant) => `Zurück zu ${merchant}`,
  apiRetrying: (seconds) => `Der Zahlungsserver ist nicht erreichbar. Neuer Versuch in ${seconds} s…`,
  apiConnecting: 'Zahlung wird geladen…',
};
