// The consoles' wallet island: what needs the user's own wallet. A form marked `data-wallet-proof` asks the
// wallet for its account and a signature of the page's message (with the account put in), then posts both
// for the server to verify; a button marked `data-withdraw` has the payout wallet call the escrow's
// `withdraw(token)` itself; a button marked `data-wallet-ruling` has an arbiter's wallet send the ruling
// form's `resolveDispute`, waits for it to be mined, and posts its hash for the gateway to record. Wallets
// are found as the checkout finds them.
import { encodeFunctionData, formatUnits, type Hex, parseUnits, toHex } from 'viem';
import { pmtEscrowAbi } from '../../abis/pmtEscrow.js';
import { ask, type Provider, waitForReceipt } from '../checkout/provider.js';
import { watchWallets } from '../checkout/wallets.js';

/** The first wallet the browser has, waiting a moment for EIP-6963 announcements. */
function firstWallet(): Promise<Provider | undefined> {
  return new Promise((resolve) => {
    let stop = () => {};
    const timer = setTimeout(() => {
      stop();
      resolve(undefined);
    }, 1_000);
    stop = watchWallets((wallets) => {
      if (!wallets[0]) return;
      clearTimeout(timer);
      queueMicrotask(() => stop());
      resolve(wallets[0].provider);
    });
  });
}

function say(element: Element, text: string) {
  const status = element.querySelector('[data-wallet-status]');
  if (status) status.textContent = text;
}

async function connect(element: Element): Promise<{ provider: Provider; account: Hex } | undefined> {
  const provider = await firstWallet();
  if (!provider) {
    say(element, 'No browser wallet found: install one (MetaMask, Talisman, SubWallet, …) and reload.');
    return undefined;
  }
  const [account] = await ask<Hex[]>(provider, 'eth_requestAccounts');
  if (!account) {
    say(element, 'The wallet shared no account.');
    return undefined;
  }
  return { provider, account };
}

async function proveWallet(form: HTMLFormElement) {
  const wallet = await connect(form);
  if (!wallet) return;
  const message = (form.dataset.walletProof ?? '').replaceAll('{address}', wallet.account);
  say(form, 'Sign the message in your wallet…');
  const signature = await ask<Hex>(wallet.provider, 'personal_sign', [toHex(message), wallet.account]);
  (form.elements.namedItem('address') as HTMLInputElement).value = wallet.account;
  (form.elements.namedItem('signature') as HTMLInputElement).value = signature;
  form.submit();
}

async function withdraw(button: HTMLButtonElement) {
  const { escrow, token, chainId, payout } = button.dataset;
  const row = button.closest('[data-withdraw-row]') ?? button.parentElement!;
  const wallet = await connect(row);
  if (!wallet) return;
  if (wallet.account.toLowerCase() !== payout?.toLowerCase()) {
    say(row, `Connect the payout wallet ${payout}: only it can withdraw its balance.`);
    return;
  }
  await ask(wallet.provider, 'wallet_switchEthereumChain', [{ chainId: toHex(Number(chainId)) }]);
  say(row, 'Confirm the withdrawal in your wallet…');
  const hash = await ask<Hex>(wallet.provider, 'eth_sendTransaction', [
    {
      from: wallet.account,
      to: escrow,
      data: encodeFunctionData({ abi: pmtEscrowAbi, functionName: 'withdraw', args: [token as Hex] }),
    },
  ]);
  say(row, `Withdrawal sent: ${hash}. It shows here once the indexer has it.`);
}

/** What a ruling form carries (api/console/admin/disputes.ts) for the wallet to send `resolveDispute`. */
interface RulingTarget {
  escrow: Hex;
  chainId: number;
  record: {
    id: Hex;
    buyer: Hex;
    merchant: Hex;
    token: Hex;
    amount: string;
    fee_bps: number;
    release_after: string;
  };
  escrowed: string;
  decimals: number;
}

/** Long enough for a slow chain; a ruling still unmined then is better looked at than waited on. */
const RULING_WAIT_MS = 10 * 60_000;

async function ruleFromWallet(form: HTMLFormElement, button: HTMLButtonElement) {
  const target = JSON.parse(form.dataset.ruling ?? '') as RulingTarget;
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  const escrowed = BigInt(target.escrowed);
  let buyerAmount: bigint;
  try {
    buyerAmount = parseUnits(field('buyer_amount').value.trim(), target.decimals);
  } catch {
    say(form, 'Write the amount back to the buyer, e.g. 0.01.');
    return;
  }
  if (buyerAmount > escrowed) {
    say(form, `At most ${formatUnits(escrowed, target.decimals)} is escrowed.`);
    return;
  }
  const wallet = await connect(form);
  if (!wallet) return;
  await ask(wallet.provider, 'wallet_switchEthereumChain', [{ chainId: toHex(target.chainId) }]);
  const { record } = target;
  const payment = {
    id: record.id,
    buyer: record.buyer,
    merchant: record.merchant,
    token: record.token,
    amount: BigInt(record.amount),
    feeBps: record.fee_bps,
    releaseAfter: BigInt(record.release_after),
  };
  say(form, 'Confirm the ruling in your wallet…');
  const hash = await ask<Hex>(wallet.provider, 'eth_sendTransaction', [
    {
      from: wallet.account,
      to: target.escrow,
      data: encodeFunctionData({
        abi: pmtEscrowAbi,
        functionName: 'resolveDispute',
        args: [payment, escrowed - buyerAmount],
      }),
    },
  ]);
  say(form, `Ruling sent: ${hash}. Waiting for it to be mined…`);
  const succeeded = await waitForReceipt(wallet.provider, hash, AbortSignal.timeout(RULING_WAIT_MS));
  if (succeeded !== true) {
    say(
      form,
      succeeded === false
        ? `The escrow refused the ruling (${hash}): the wallet must hold the arbiter role, and the dispute be open.`
        : `The ruling ${hash} is not mined yet: look it up in your wallet before ruling again.`,
    );
    return;
  }
  field('transaction_hash').value = hash;
  form.action = button.formAction;
  form.submit();
}

function failed(element: Element) {
  return (error: unknown) => say(element, `The wallet refused or failed: ${(error as Error).message}`);
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-wallet-proof]')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    proveWallet(form).catch(failed(form));
  });
}
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-withdraw]')) {
  button.addEventListener('click', () => withdraw(button).catch(failed(button.parentElement!)));
}
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-wallet-ruling]')) {
  const form = button.form!;
  button.addEventListener('click', (event) => {
    event.preventDefault();
    ruleFromWallet(form, button).catch(failed(form));
  });
}
