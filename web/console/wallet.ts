// The consoles' one island of script: what needs the merchant's own wallet. A form marked
// `data-wallet-proof` asks the wallet for its account and a signature of the page's message (with the
// account put in), then posts both for the server to verify; a button marked `data-withdraw` has the
// payout wallet call the escrow's `withdraw(token)` itself. Wallets are found as the checkout finds them.
import { encodeFunctionData, type Hex, toHex } from 'viem';
import { ask, type Provider } from '../checkout/provider.js';
import { watchWallets } from '../checkout/wallets.js';

const withdrawAbi = [
  {
    type: 'function',
    name: 'withdraw',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'token', type: 'address' }],
    outputs: [],
  },
] as const;

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
      data: encodeFunctionData({ abi: withdrawAbi, functionName: 'withdraw', args: [token as Hex] }),
    },
  ]);
  say(row, `Withdrawal sent: ${hash}. It shows here once the indexer has it.`);
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
