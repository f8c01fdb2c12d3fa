// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    AccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {PMTDepositForwarder} from "./PMTDepositForwarder.sol";

/// @title PMTEscrow
/// @notice Escrow behind the PMT payment gateway. A buyer pays an operator-signed payment intent in one
///         transaction; the funds stay here until they are released to the merchant (by the buyer at any
///         time, or by anyone once the hold period has passed), refunded by the merchant, or split by an
///         arbiter after a dispute (returned to the buyer if the arbiter does not rule in time). Released
///         funds accrue to per-merchant balances that the merchant can withdraw at any time and the keeper
///         pushes out in batches.
/// @dev Each payment costs one storage slot at payment: the hash of its `Payment` record, the facts fixed
///      when it was paid. Whoever acts on a payment passes the record back as calldata (it is rebuilt from
///      `PaymentEscrowed` alone), and the contract stores 32 bytes instead of the whole record. What can
///      change later, refunds and a dispute, lives in a second slot (`PaymentState`) that only those rare
///      paths write; the stored hash's lowest bit says whether that slot is in use, so releases of
///      unchanged payments read one slot. Since the record never changes, no refund can make a buyer's
///      dispute or an arbiter's ruling stale.
///      A payment id carries its intent's deadline in its low 64 bits, so every intent ever signed for an
///      id has the same deadline. A payment settled before that deadline (and the late-payment window after
///      it) leaves a tombstone; settled after, its slot is cleared (and the gas refunded), since no intent
///      for the id can be paid or swept any more.
///      Buyers who can only send a plain transfer send it to the intent's deposit address: a clone of
///      `PMTDepositForwarder` at a CREATE2 address derived from the intent, which exists before any code is
///      there. The keeper then sweeps it into escrow for exactly that intent (late, within
///      `LATE_PAYMENT_WINDOW`), or sends what cannot be escrowed back to a refund address. Nothing else can
///      move what a deposit address holds.
///      Pausing stops new payments, releases and keeper payouts. Refunds, disputes and withdrawals stay
///      open so that funds can always go back to the people they belong to. Pausing does not restrain the
///      keeper or arbiter roles: revoke a compromised key's role.
///      Only allow-listed ERC-20s may be paid. A payment whose transfer delivers less than the intent's
///      amount (a fee-on-transfer token) is refused; the accounting also assumes the escrow's balance does
///      not change by itself (no rebasing tokens) and that transfers out move exactly what is asked.
contract PMTEscrow is AccessControlDefaultAdminRules, Pausable, ReentrancyGuard, EIP712 {
    using SafeERC20 for IERC20;

    /// @notice What the operator signs and the buyer pays.
    /// @param id Payment id chosen by the gateway: unique, with `deadline` in its low 64 bits. A paid id can
    ///        never be paid again.
    /// @param merchant Address credited on release (the merchant's payout address).
    /// @param token ERC-20 to pay in, or `address(0)` for the chain's native currency.
    /// @param amount Exact amount to pay, in the token's base units.
    /// @param feeBps Platform fee in basis points, taken from what is released to the merchant.
    /// @param deadline Last timestamp at which the intent may be paid.
    /// @param holdPeriod Seconds the funds stay in escrow before anyone may release them.
    struct PaymentIntent {
        bytes32 id;
        address merchant;
        address token;
        uint256 amount;
        uint16 feeBps;
        uint64 deadline;
        uint64 holdPeriod;
    }

    /// @notice An amount held for an account (or the platform) until it is withdrawn or paid out.
    /// @param amount Withdrawable amount, in the token's base units.
    /// @param opened Set by the first credit and never cleared: the slot stays non-zero after a full
    ///        withdrawal, so later credits cost a storage update rather than a new-slot write (~2.9k vs
    ///        ~20k gas) — that difference decides the cost of every release after a payout.
    struct Balance {
        uint248 amount;
        bool opened;
    }

    /// @notice The facts of a payment fixed when it was paid; its hash is what the contract stores. Exactly
    ///         the arguments of `PaymentEscrowed`, and never changed by later calls.
    /// @param id The payment intent id.
    /// @param buyer Address that paid; refunds go back to it.
    /// @param merchant Address credited on release.
    /// @param token ERC-20 paid, or `address(0)` for native currency.
    /// @param amount Amount paid (what is still escrowed is this less `PaymentState.refunded`).
    /// @param feeBps Platform fee in basis points: the merchant is credited `gross - gross * feeBps / 10_000`
    ///        of whatever is released to it.
    /// @param releaseAfter Timestamp from which anyone may release the payment; the dispute window ends here.
    struct Payment {
        bytes32 id;
        address buyer;
        address merchant;
        address token;
        uint256 amount;
        uint16 feeBps;
        uint64 releaseAfter;
    }

    /// @notice What refunds and a dispute changed of an escrowed payment; all zero until one of them happens.
    /// @param refunded Amount refunded to the buyer so far (at most `MAX_AMOUNT`, like the payment).
    /// @param disputeDeadline Zero if undisputed; otherwise the time by which the arbiter must rule, after
    ///        which anyone may return the escrowed funds to the buyer (`refundExpiredDispute`).
    struct PaymentState {
        uint128 refunded;
        uint64 disputeDeadline;
    }

    /// @notice Role whose members sign payment intents (EOAs or ERC-1271 contracts).
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// @notice Role whose members refund on a merchant's behalf and push payouts.
    bytes32 public constant KEEPER_ROLE = keccak256("KEEPER_ROLE");

    /// @notice Role whose members resolve disputes.
    bytes32 public constant ARBITER_ROLE = keccak256("ARBITER_ROLE");

    /// @notice Role whose members may pause the contract in an emergency (only the admin unpauses).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @dev EIP-712's domain type hash (private in OpenZeppelin's EIP712), for other chains' domains.
    bytes32 private constant _EIP712_DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    /// @notice EIP-712 type hash of `PaymentIntent`.
    bytes32 public constant PAYMENT_INTENT_TYPEHASH = keccak256(
        "PaymentIntent(bytes32 id,address merchant,address token,uint256 amount,uint16 feeBps,uint64 deadline,uint64 holdPeriod)"
    );

    /// @notice Highest platform fee an intent may carry (10%), so a leaked operator key cannot take more.
    uint16 public constant MAX_FEE_BPS = 1_000;

    /// @notice Longest hold period an intent may carry, so a mistyped intent cannot lock funds for years.
    uint64 public constant MAX_HOLD_PERIOD = 365 days;

    /// @notice Largest amount an intent may ask for, so no credit or refund total can overflow its storage
    ///         (3.4e38 base units: 3.4e20 whole tokens of an 18-decimal token).
    uint256 public constant MAX_AMOUNT = type(uint128).max;

    /// @notice Time the arbiter has to rule on a dispute. After it, anyone may return what is escrowed to
    ///         the buyer: the buyer-protection default that needs nobody's key.
    uint64 public constant ARBITRATION_PERIOD = 30 days;

    /// @notice Gas forwarded to a recipient of a pushed native transfer (payout, refund, dispute share).
    /// @dev Enough for smart-contract wallets such as Safe; a recipient that needs more, or reverts, is
    ///      credited instead and withdraws itself, so it can neither block nor grief a batch.
    uint256 public constant NATIVE_PUSH_GAS_LIMIT = 50_000;

    /// @notice Gas forwarded to an ERC-20's `transfer` when pushing it (payout, refund, dispute share).
    /// @dev Several times what proxied stablecoins (USDC, USDT) need; a token whose transfer calls into its
    ///      recipient (ERC-777-style hooks) cannot spend more, and a failed push is credited instead.
    uint256 public constant TOKEN_PUSH_GAS_LIMIT = 150_000;

    /// @dev More than a call costs before its callee runs: cold account access (2,600), value transfer
    ///      (9,000), an EIP-7702 delegated recipient's second account access (2,600), and the calldata's
    ///      memory.
    uint256 private constant _CALL_OVERHEAD = 20_000;

    /// @notice How long after its deadline an intent's deposit may still be swept into escrow, as a late
    ///         payment the merchant accepts or refunds; after it, a deposit can only be sent back.
    uint64 public constant LATE_PAYMENT_WINDOW = 1 days;

    /// @notice The code every deposit address runs (as an EIP-1167 clone), deployed by the constructor.
    address public immutable DEPOSIT_FORWARDER;

    /// @dev Basis-point denominator.
    uint256 private constant _BPS = 10_000;

    /// @dev Commitment left behind by a payment settled before its id's deadline, so no intent for the id
    ///      can be paid a second time: not the commitment of any record, never zero.
    bytes32 private constant _SETTLED = bytes32(uint256(1));

    /// @dev The bit of an escrowed payment's commitment that says its `PaymentState` is in use.
    bytes32 private constant _CHANGED = bytes32(uint256(1));

    /// @dev Payment id => `hashPayment` of its record with the lowest bit replaced by `_CHANGED` (set once a
    ///      refund or dispute wrote `_states`); `_SETTLED`; or zero if never paid, or settled after its id's
    ///      deadline (when `pay` rejects every intent for it anyway). Losing one bit of the hash leaves 255.
    mapping(bytes32 id => bytes32 commitment) private _payments;

    /// @dev Payment id => what refunds and a dispute changed; written only by those paths, cleared on
    ///      settlement.
    mapping(bytes32 id => PaymentState) private _states;

    /// @dev What each account may withdraw, per token (`address(0)` = native). Merchants accrue here on
    ///      release; buyers only when a pushed refund could not be delivered.
    mapping(address account => mapping(address token => Balance)) private _balances;

    /// @dev Platform fees accrued per token, withdrawable by the admin to the treasury.
    mapping(address token => Balance) private _platformFees;

    /// @notice ERC-20 tokens that may be paid.
    mapping(address token => bool allowed) public isTokenAllowed;

    /// @notice Recipient of platform fee withdrawals.
    address public treasury;

    /// @dev The deposit address a sweep is taking native currency from: the only sender `receive` accepts.
    address private transient _sweeping;

    /// @notice A buyer funded a payment; carries its whole `Payment` record.
    /// @param id Payment intent id.
    /// @param merchant Address credited on release.
    /// @param buyer Address that paid.
    /// @param token Token paid (`address(0)` = native).
    /// @param amount Amount escrowed.
    /// @param feeBps Platform fee in basis points.
    /// @param releaseAfter Timestamp from which anyone may release.
    event PaymentEscrowed(
        bytes32 indexed id,
        address indexed merchant,
        address indexed buyer,
        address token,
        uint256 amount,
        uint16 feeBps,
        uint64 releaseAfter
    );

    /// @notice A payment was escrowed from its intent's deposit address (its `PaymentEscrowed` comes first).
    /// @param id Payment intent id.
    /// @param depositAddress The intent's deposit address.
    event DepositSwept(bytes32 indexed id, address indexed depositAddress);

    /// @notice What an intent's deposit address held was sent back rather than escrowed.
    /// @param id Payment intent id.
    /// @param depositAddress The intent's deposit address.
    /// @param token Token sent back (`address(0)` = native).
    /// @param to The refund address.
    /// @param amount Amount sent back.
    event DepositReturned(
        bytes32 indexed id, address indexed depositAddress, address indexed token, address to, uint256 amount
    );

    /// @notice What arrived here at the deposit address an intent has on another chain (a plain transfer sent
    ///         on the wrong network) was sent back.
    /// @param chainId The chain whose escrow the intent was signed for.
    /// @param id Payment intent id.
    /// @param depositAddress The intent's deposit address on that chain, at which the funds arrived here.
    /// @param token Token sent back (`address(0)` = native).
    /// @param to The refund address.
    /// @param amount Amount sent back.
    event ForeignDepositReturned(
        uint256 indexed chainId,
        bytes32 indexed id,
        address indexed depositAddress,
        address token,
        address to,
        uint256 amount
    );

    /// @notice A payment was released: its escrowed amount less the platform fee was credited to the
    ///         merchant, and the fee to the platform.
    /// @param id Payment intent id.
    /// @param merchantAmount Amount credited to the merchant's balance.
    /// @param fee Platform fee taken from the escrowed amount.
    event PaymentReleased(bytes32 indexed id, uint256 merchantAmount, uint256 fee);

    /// @notice Part or all of an escrowed payment went back to the buyer.
    /// @param id Payment intent id.
    /// @param amount Amount refunded now.
    /// @param remaining Amount still in escrow; zero means the payment is settled.
    /// @param refundedBy The merchant, or the keeper that refunded on its behalf.
    event PaymentRefunded(bytes32 indexed id, uint256 amount, uint256 remaining, address indexed refundedBy);

    /// @notice The buyer disputed a payment; it can no longer be released by anyone but the buyer.
    /// @param id Payment intent id.
    /// @param deadline Time by which the arbiter must rule; from then on anyone may refund the buyer.
    event DisputeOpened(bytes32 indexed id, uint64 deadline);

    /// @notice The arbiter split a disputed payment; the payment is settled.
    /// @param id Payment intent id.
    /// @param buyerAmount Amount returned to the buyer.
    /// @param merchantAmount Amount credited to the merchant.
    /// @param fee Platform fee taken from the merchant's share.
    event DisputeResolved(bytes32 indexed id, uint256 buyerAmount, uint256 merchantAmount, uint256 fee);

    /// @notice The arbiter did not rule by the dispute's deadline, so what was escrowed went back to the buyer;
    ///         the payment is settled.
    /// @param id Payment intent id.
    /// @param buyerAmount Amount returned to the buyer.
    event DisputeExpired(bytes32 indexed id, uint256 buyerAmount);

    /// @notice A refund or dispute share could not be pushed to the buyer and was credited to its balance.
    /// @param id Payment intent id.
    /// @param account The buyer, who can now `withdraw` the amount.
    /// @param token Token credited.
    /// @param amount Amount credited.
    event BuyerCredited(bytes32 indexed id, address indexed account, address indexed token, uint256 amount);

    /// @notice An account withdrew its own balance, to itself or to an address it named.
    /// @param account Account whose balance was withdrawn.
    /// @param token Token withdrawn.
    /// @param to Recipient of the funds.
    /// @param amount Amount withdrawn.
    event Withdrawn(address indexed account, address indexed token, address indexed to, uint256 amount);

    /// @notice The keeper pushed an account's balance to it.
    /// @param account Account paid.
    /// @param token Token paid.
    /// @param amount Amount paid.
    event PaidOut(address indexed account, address indexed token, uint256 amount);

    /// @notice The keeper tried to push an account's balance but the transfer failed; the balance is kept.
    /// @param account Account that could not be paid.
    /// @param token Token of the balance.
    /// @param amount Balance left in place.
    event PayoutFailed(address indexed account, address indexed token, uint256 amount);

    /// @notice Platform fees were sent to the treasury.
    /// @param token Token withdrawn.
    /// @param treasury Recipient.
    /// @param amount Amount withdrawn.
    event FeesWithdrawn(address indexed token, address indexed treasury, uint256 amount);

    /// @notice The treasury changed.
    /// @param previousTreasury Old recipient of fee withdrawals.
    /// @param newTreasury New recipient of fee withdrawals.
    event TreasuryUpdated(address indexed previousTreasury, address indexed newTreasury);

    /// @notice An ERC-20 was added to or removed from the allow-list.
    /// @param token The token.
    /// @param allowed Whether it may now be paid.
    event TokenAllowanceUpdated(address indexed token, bool allowed);

    /// @notice The intent's deadline has passed.
    /// @param id Payment intent id.
    /// @param deadline The intent's deadline.
    /// @param timestamp The current block timestamp.
    error IntentExpired(bytes32 id, uint64 deadline, uint256 timestamp);

    /// @notice The intent's deadline and the late-payment window after it have passed: its deposit can only
    ///         be sent back (`returnDeposit`).
    /// @param id Payment intent id.
    /// @param deadline The intent's deadline.
    /// @param timestamp The current block timestamp.
    error LatePaymentWindowOver(bytes32 id, uint64 deadline, uint256 timestamp);

    /// @notice Native currency was sent to the escrow other than by a sweep: nothing could account for it.
    /// @param sender The sender.
    error UnexpectedNativeTransfer(address sender);

    /// @notice The intent's id does not carry its deadline in its low 64 bits.
    /// @param id Payment intent id.
    /// @param deadline The intent's deadline.
    error IdDeadlineMismatch(bytes32 id, uint64 deadline);

    /// @notice The intent's merchant cannot receive funds (zero, or this contract).
    /// @param merchant The intent's merchant.
    error InvalidMerchant(address merchant);

    /// @notice The intent id has already been paid.
    /// @param id Payment intent id.
    error PaymentIdUsed(bytes32 id);

    /// @notice The intent is not signed by an address holding `OPERATOR_ROLE`.
    /// @param id Payment intent id.
    /// @param signer The recovered or claimed signer (zero if none could be recovered).
    error InvalidSignature(bytes32 id, address signer);

    /// @notice The native value sent does not match what the intent asks for (always zero for ERC-20 intents).
    /// @param id Payment intent id.
    /// @param expected Native value the intent requires.
    /// @param sent Native value sent.
    error IncorrectPaymentValue(bytes32 id, uint256 expected, uint256 sent);

    /// @notice The token is not allow-listed (or a permit payment was attempted for native currency).
    /// @param token The token.
    error TokenNotAllowed(address token);

    /// @notice The intent's fee is above `MAX_FEE_BPS`.
    /// @param feeBps The intent's fee.
    /// @param maxFeeBps The cap.
    error FeeTooHigh(uint16 feeBps, uint16 maxFeeBps);

    /// @notice The intent's hold period is above `MAX_HOLD_PERIOD`.
    /// @param holdPeriod The intent's hold period.
    /// @param maxHoldPeriod The cap.
    error HoldPeriodTooLong(uint64 holdPeriod, uint64 maxHoldPeriod);

    /// @notice The intent asks for a zero amount.
    /// @param id Payment intent id.
    error ZeroAmount(bytes32 id);

    /// @notice The intent asks for more than `MAX_AMOUNT`.
    /// @param id Payment intent id.
    /// @param amount The intent's amount.
    /// @param maxAmount The cap.
    error AmountTooLarge(bytes32 id, uint256 amount, uint256 maxAmount);

    /// @notice The token delivered a different amount than the intent asks for (a fee-on-transfer token).
    /// @param id Payment intent id.
    /// @param token The token.
    /// @param expected The intent's amount.
    /// @param received What the escrow's balance grew by.
    error UnexpectedAmountReceived(bytes32 id, address token, uint256 expected, uint256 received);

    /// @notice The keeper named this chain as another's: this chain's deposit addresses are `returnDeposit`'s.
    /// @param chainId The chain named.
    error NotForeignChain(uint256 chainId);

    /// @notice An address that must be set is zero.
    error ZeroAddress();

    /// @notice The treasury would be the escrow itself, where withdrawn fees would be owed to nobody.
    /// @param treasury The address refused.
    error InvalidTreasury(address treasury);

    /// @notice The record passed is not that of an escrowed payment: the payment was never made, is
    ///         already settled, or a field differs from its `PaymentEscrowed` event.
    /// @param id Payment intent id.
    error PaymentNotEscrowed(bytes32 id);

    /// @notice A withdrawal's recipient cannot receive funds (zero, or this contract).
    /// @param to The recipient asked for.
    error InvalidRecipient(address to);

    /// @notice Only the payment's buyer may do this.
    /// @param id Payment intent id.
    /// @param caller The caller.
    error NotBuyer(bytes32 id, address caller);

    /// @notice Only the payment's merchant or a keeper may refund.
    /// @param id Payment intent id.
    /// @param caller The caller.
    error NotMerchantOrKeeper(bytes32 id, address caller);

    /// @notice A refund asks for more than is escrowed, or for nothing.
    /// @param id Payment intent id.
    /// @param requested Amount asked for.
    /// @param escrowed Amount in escrow.
    error InvalidAmount(bytes32 id, uint256 requested, uint256 escrowed);

    /// @notice The payment is already disputed.
    /// @param id Payment intent id.
    error AlreadyDisputed(bytes32 id);

    /// @notice The payment is not disputed, so there is nothing to resolve.
    /// @param id Payment intent id.
    error NotDisputed(bytes32 id);

    /// @notice The arbiter may no longer rule: the dispute's deadline has passed, and its default applies
    ///         (`refundExpiredDispute`).
    /// @param id Payment intent id.
    /// @param deadline The dispute's deadline.
    /// @param timestamp The current block timestamp.
    error ArbitrationPeriodOver(bytes32 id, uint64 deadline, uint256 timestamp);

    /// @notice The dispute's deadline has not passed, so the arbiter still has it.
    /// @param id Payment intent id.
    /// @param deadline The dispute's deadline.
    /// @param timestamp The current block timestamp.
    error ArbitrationPeriodNotOver(bytes32 id, uint64 deadline, uint256 timestamp);

    /// @notice A keeper may not refund a disputed payment: it is the arbiter's to rule on (the merchant may
    ///         still refund it).
    /// @param id Payment id.
    error PaymentDisputed(bytes32 id);

    /// @notice A keeper may refund only during the hold period: after it the funds are due to the merchant
    ///         (who may still refund with its own key until the payment is released).
    /// @param id Payment id.
    /// @param releaseAfter End of the hold period.
    /// @param timestamp The current block timestamp.
    error HoldPeriodOver(bytes32 id, uint64 releaseAfter, uint256 timestamp);

    /// @notice The dispute window (the hold period) has ended.
    /// @param id Payment intent id.
    /// @param releaseAfter End of the window.
    /// @param timestamp The current block timestamp.
    error DisputeWindowClosed(bytes32 id, uint64 releaseAfter, uint256 timestamp);

    /// @notice There is nothing to withdraw.
    /// @param account The account.
    /// @param token The token.
    error NothingToWithdraw(address account, address token);

    /// @notice A native transfer was rejected by its recipient.
    /// @param to The recipient.
    /// @param amount The amount.
    error NativeTransferFailed(address to, uint256 amount);

    /// @notice The transaction has too little gas left for a push to get its whole budget: send it again with
    ///         more gas (a starved push would fail as if its recipient had refused it).
    /// @param gasLimit The push's budget.
    error InsufficientGasForPush(uint256 gasLimit);

    /// @param admin Initial admin (a multisig in production); admin handover is two-step with `adminDelay`.
    /// @param adminDelay Seconds a started admin transfer must wait before it can be accepted.
    /// @param treasury_ Recipient of platform fee withdrawals.
    constructor(address admin, uint48 adminDelay, address treasury_)
        AccessControlDefaultAdminRules(adminDelay, admin)
        EIP712("PMTEscrow", "1")
    {
        _setTreasury(treasury_);
        DEPOSIT_FORWARDER = address(new PMTDepositForwarder());
    }

    /// @notice Takes native currency only from the deposit address being swept.
    receive() external payable {
        if (msg.sender != _sweeping) revert UnexpectedNativeTransfer(msg.sender);
    }

    // ---------------------------------------------------------------- paying

    /// @notice Pays `intent` and escrows the funds: send `intent.amount` as value for native intents, or
    ///         approve this contract for `intent.amount` of the token beforehand.
    /// @param intent The operator-signed intent.
    /// @param signature 65-byte ECDSA signature of an operator EOA over the intent's EIP-712 digest, or the
    ///        20-byte address of an ERC-1271 operator contract followed by the signature it accepts (the
    ///        length tells them apart, so a wrapped ERC-1271 signature must not total exactly 65 bytes).
    function pay(PaymentIntent calldata intent, bytes calldata signature) external payable whenNotPaused {
        if (intent.token == address(0)) {
            if (msg.value != intent.amount) revert IncorrectPaymentValue(intent.id, intent.amount, msg.value);
            _checkNotExpired(intent);
            _escrow(intent, hashIntent(intent), signature, msg.sender);
        } else {
            _payToken(intent, signature);
        }
    }

    /// @notice Pays an ERC-20 `intent` using an EIP-2612 permit instead of a prior approval.
    /// @dev A permit already consumed by a front-runner is ignored: the transfer then relies on the
    ///      allowance that permit created.
    /// @param intent The operator-signed intent (token must support EIP-2612).
    /// @param signature See `pay`.
    /// @param permitDeadline Deadline of the permit.
    /// @param v Permit signature `v`.
    /// @param r Permit signature `r`.
    /// @param s Permit signature `s`.
    function payWithPermit(
        PaymentIntent calldata intent,
        bytes calldata signature,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external whenNotPaused {
        if (!isTokenAllowed[intent.token]) revert TokenNotAllowed(intent.token);
        try IERC20Permit(intent.token).permit(msg.sender, address(this), intent.amount, permitDeadline, v, r, s) {}
            catch {}
        _payToken(intent, signature);
    }

    // ---------------------------------------------------------------- deposit addresses

    /// @notice Escrows exactly `intent.amount` of `intent.token` from the intent's deposit address, with
    ///         `buyer` as the buyer, deploying the address's code first if it has none. Until the deadline
    ///         this is a payment like `pay`; for `LATE_PAYMENT_WINDOW` after it, a late one, which the
    ///         merchant accepts (lets it be released) or refunds. Whatever else the address holds stays there
    ///         for `returnDeposit`.
    /// @dev Keeper-only: a plain transfer carries no signature, so the keeper names the buyer (the sender it
    ///      saw, or a refund address the buyer gave at checkout), and with it who may release, dispute and
    ///      be refunded. Like `pay`, it needs no reentrancy guard: the payment is recorded before the funds
    ///      move, and anything a token does during the transfer that changes the escrow's balance makes the
    ///      received-amount check fail.
    /// @param intent The operator-signed intent the deposit address belongs to.
    /// @param signature See `pay`.
    /// @param buyer The payment's buyer.
    function sweep(PaymentIntent calldata intent, bytes calldata signature, address buyer)
        external
        onlyRole(KEEPER_ROLE)
        whenNotPaused
    {
        if (block.timestamp > uint256(intent.deadline) + LATE_PAYMENT_WINDOW) {
            revert LatePaymentWindowOver(intent.id, intent.deadline, block.timestamp);
        }
        if (buyer == address(0) || buyer == address(this)) revert InvalidRecipient(buyer);
        if (intent.token != address(0) && !isTokenAllowed[intent.token]) revert TokenNotAllowed(intent.token);
        bytes32 digest = hashIntent(intent);
        _escrow(intent, digest, signature, buyer);
        address deposit = _deployDeposit(digest);
        emit DepositSwept(intent.id, deposit);

        uint256 balanceBefore = _held(intent.token);
        _sweeping = deposit;
        PMTDepositForwarder(payable(deposit)).send(intent.token, address(this), intent.amount);
        _sweeping = address(0);
        _checkReceived(intent, balanceBefore);
    }

    /// @notice Sends `amount` of `token` that `intent`'s deposit address holds to `to`: an underpayment, the
    ///         excess of an overpayment, a deposit too late to sweep, or a token the intent is not in. Open
    ///         while paused, like refunds.
    /// @dev Keeper-only, for the reason `sweep` is; the keeper names the refund address.
    /// @param intent The intent the deposit address belongs to.
    /// @param token Token to send back (`address(0)` = native).
    /// @param to The refund address.
    /// @param amount Amount to send back, at most what the address holds.
    function returnDeposit(PaymentIntent calldata intent, address token, address to, uint256 amount)
        external
        onlyRole(KEEPER_ROLE)
        nonReentrant
    {
        if (amount == 0) revert ZeroAmount(intent.id);
        if (to == address(0) || to == address(this)) revert InvalidRecipient(to);
        address deposit = _deployDeposit(hashIntent(intent));
        emit DepositReturned(intent.id, deposit, token, to, amount);
        PMTDepositForwarder(payable(deposit)).send(token, to, amount);
    }

    /// @notice Sends back what arrived on this chain at the deposit address `intent` has on the chain
    ///         `chainId`: a buyer's plain transfer sent on the wrong network. The escrow on that chain sits at
    ///         this same address (one deployer, one nonce), so its deposit address for the intent is this
    ///         escrow's clone address salted with the intent's digest under that chain's EIP-712 domain,
    ///         which only this function deploys here. Open while paused, like refunds.
    /// @dev Keeper-only, as `returnDeposit` is, and for the same reason: the keeper names the refund address
    ///      (the sender it saw, or a refund address the buyer gave). No signature is checked: none could
    ///      say whose funds a plain transfer on this chain were.
    /// @param chainId The chain the intent was signed for; never this one.
    /// @param intent The intent whose deposit address received the funds.
    /// @param token Token to send back (`address(0)` = native).
    /// @param to The refund address.
    /// @param amount Amount to send back, at most what the address holds.
    function returnForeignDeposit(
        uint256 chainId,
        PaymentIntent calldata intent,
        address token,
        address to,
        uint256 amount
    ) external onlyRole(KEEPER_ROLE) nonReentrant {
        if (chainId == block.chainid) revert NotForeignChain(chainId);
        if (amount == 0) revert ZeroAmount(intent.id);
        if (to == address(0) || to == address(this)) revert InvalidRecipient(to);
        address deposit = _deployDeposit(_foreignIntentDigest(chainId, intent));
        emit ForeignDepositReturned(chainId, intent.id, deposit, token, to, amount);
        PMTDepositForwarder(payable(deposit)).send(token, to, amount);
    }

    // ---------------------------------------------------------------- releasing

    /// @notice Releases a payment to the merchant at once; only its buyer may, at any time the contract is
    ///         not paused (even while disputed, which gives the dispute up).
    /// @param payment The payment's record.
    function release(Payment calldata payment) external whenNotPaused {
        (bytes32 commitment, PaymentState memory state) = _load(payment);
        if (msg.sender != payment.buyer) revert NotBuyer(payment.id, msg.sender);
        _settle(payment.id, commitment);
        uint256 gross = payment.amount - state.refunded;
        uint256 fee = _creditMerchant(payment.merchant, payment.token, gross, payment.feeBps);
        _addFee(payment.token, fee);
        emit PaymentReleased(payment.id, gross - fee, fee);
    }

    /// @notice Releases every payment whose hold period has passed and that is not disputed. Anyone may call.
    /// @dev Records that are wrong, settled, disputed or still on hold are skipped, not reverted on, so a
    ///      batch never fails because of one payment that changed after it was built (a record that is not
    ///      even well-formed ABI still reverts its caller's batch).
    /// @param payments Records of the payments to release.
    /// @return released How many payments were released.
    function releaseBatch(Payment[] calldata payments) external whenNotPaused returns (uint256 released) {
        // Fees of consecutive payments in one token are summed and credited once: a batch is usually one
        // token, and this saves a storage update per payment.
        address feeToken;
        uint256 fees;
        for (uint256 i; i < payments.length; ++i) {
            Payment calldata payment = payments[i];
            if (block.timestamp < payment.releaseAfter) continue;
            bytes32 id = payment.id;
            bytes32 commitment = _payments[id];
            if (!_matches(commitment, payment)) continue;
            uint256 gross = payment.amount;
            if (commitment & _CHANGED != 0) {
                PaymentState memory state = _states[id];
                if (state.disputeDeadline != 0) continue;
                gross -= state.refunded;
            }
            address token = payment.token;
            if (token != feeToken) {
                _addFee(feeToken, fees);
                (feeToken, fees) = (token, 0);
            }
            _settle(id, commitment);
            uint256 fee = _creditMerchant(payment.merchant, token, gross, payment.feeBps);
            fees += fee;
            emit PaymentReleased(id, gross - fee, fee);
            ++released;
        }
        _addFee(feeToken, fees);
    }

    // ---------------------------------------------------------------- refunds and disputes

    /// @notice Refunds `amount` of an escrowed payment to its buyer; the rest stays escrowed.
    ///         The merchant may refund until the payment is released. A keeper, acting on the merchant's
    ///         request through the gateway, only during the hold period and never while the payment is
    ///         disputed: then it is the arbiter's.
    /// @param payment The payment's record.
    /// @param amount Amount to refund, at most what is still escrowed.
    function refund(Payment calldata payment, uint256 amount) external nonReentrant {
        (bytes32 commitment, PaymentState memory state) = _load(payment);
        if (msg.sender != payment.merchant) {
            if (!hasRole(KEEPER_ROLE, msg.sender)) revert NotMerchantOrKeeper(payment.id, msg.sender);
            if (state.disputeDeadline != 0) revert PaymentDisputed(payment.id);
            if (block.timestamp >= payment.releaseAfter) {
                revert HoldPeriodOver(payment.id, payment.releaseAfter, block.timestamp);
            }
        }
        uint256 escrowed = payment.amount - state.refunded;
        if (amount == 0 || amount > escrowed) revert InvalidAmount(payment.id, amount, escrowed);

        uint256 remaining = escrowed - amount;
        if (remaining == 0) {
            _settle(payment.id, commitment);
        } else {
            // Cannot overflow: the total refunded stays below the payment's amount, at most `MAX_AMOUNT`.
            // forge-lint: disable-next-line(unsafe-typecast)
            state.refunded += uint128(amount);
            _saveState(payment.id, commitment, state);
        }
        emit PaymentRefunded(payment.id, amount, remaining, msg.sender);
        _sendOrCredit(payment.id, payment.buyer, payment.token, amount);
    }

    /// @notice Opens a dispute; only the buyer, and only during the hold period. The arbiter then has
    ///         `ARBITRATION_PERIOD` to rule.
    /// @param payment The payment's record.
    function openDispute(Payment calldata payment) external {
        (bytes32 commitment, PaymentState memory state) = _load(payment);
        if (msg.sender != payment.buyer) revert NotBuyer(payment.id, msg.sender);
        if (state.disputeDeadline != 0) revert AlreadyDisputed(payment.id);
        if (block.timestamp >= payment.releaseAfter) {
            revert DisputeWindowClosed(payment.id, payment.releaseAfter, block.timestamp);
        }
        uint64 deadline = uint64(block.timestamp) + ARBITRATION_PERIOD;
        state.disputeDeadline = deadline;
        _saveState(payment.id, commitment, state);
        emit DisputeOpened(payment.id, deadline);
    }

    /// @notice Settles a disputed payment: the merchant is credited up to `merchantShare` of what is still
    ///         escrowed, less the platform fee, and the rest goes back to the buyer. Expressed as the
    ///         merchant's share, a ruling lands whatever the merchant refunded after it was made: each such
    ///         refund only comes out of the merchant's share.
    /// @param payment The payment's record.
    /// @param merchantShare Most of the escrowed amount that goes to the merchant (before the fee).
    function resolveDispute(Payment calldata payment, uint256 merchantShare)
        external
        onlyRole(ARBITER_ROLE)
        nonReentrant
    {
        (bytes32 commitment, PaymentState memory state) = _load(payment);
        uint64 deadline = state.disputeDeadline;
        if (deadline == 0) revert NotDisputed(payment.id);
        if (block.timestamp >= deadline) revert ArbitrationPeriodOver(payment.id, deadline, block.timestamp);

        _settle(payment.id, commitment);
        uint256 escrowed = payment.amount - state.refunded;
        uint256 merchantGross = merchantShare < escrowed ? merchantShare : escrowed;
        uint256 fee = _creditMerchant(payment.merchant, payment.token, merchantGross, payment.feeBps);
        _addFee(payment.token, fee);
        uint256 buyerAmount = escrowed - merchantGross;
        emit DisputeResolved(payment.id, buyerAmount, merchantGross - fee, fee);
        if (buyerAmount != 0) _sendOrCredit(payment.id, payment.buyer, payment.token, buyerAmount);
    }

    /// @notice Returns what is escrowed to the buyer of a dispute the arbiter did not rule on by its
    ///         deadline. Anyone may call, also while paused.
    /// @param payment The payment's record.
    function refundExpiredDispute(Payment calldata payment) external nonReentrant {
        (bytes32 commitment, PaymentState memory state) = _load(payment);
        uint64 deadline = state.disputeDeadline;
        if (deadline == 0) revert NotDisputed(payment.id);
        if (block.timestamp < deadline) revert ArbitrationPeriodNotOver(payment.id, deadline, block.timestamp);

        _settle(payment.id, commitment);
        uint256 buyerAmount = payment.amount - state.refunded;
        emit DisputeExpired(payment.id, buyerAmount);
        _sendOrCredit(payment.id, payment.buyer, payment.token, buyerAmount);
    }

    // ---------------------------------------------------------------- balances

    /// @notice Withdraws the caller's whole balance of `token` to itself. Works while paused, and needs no
    ///         keeper.
    /// @param token Token to withdraw (`address(0)` = native).
    function withdraw(address token) external nonReentrant {
        _withdraw(token, msg.sender);
    }

    /// @notice Withdraws the caller's whole balance of `token` to `to`: how an account that cannot receive
    ///         the token itself (blocklisted by it, or a contract that rejects it) recovers its funds with
    ///         its own key. Works while paused.
    /// @param token Token to withdraw (`address(0)` = native).
    /// @param to Recipient: neither zero nor the escrow itself.
    function withdrawTo(address token, address to) external nonReentrant {
        if (to == address(0) || to == address(this)) revert InvalidRecipient(to);
        _withdraw(token, to);
    }

    /// @notice Pushes the balances of `accounts` in `token` to them. An account whose transfer fails keeps
    ///         its balance (see `PayoutFailed`); accounts with nothing accrued are skipped.
    /// @param token Token to pay out (`address(0)` = native).
    /// @param accounts Accounts to pay.
    /// @return total Amount paid out.
    function payout(address token, address[] calldata accounts)
        external
        onlyRole(KEEPER_ROLE)
        whenNotPaused
        nonReentrant
        returns (uint256 total)
    {
        for (uint256 i; i < accounts.length; ++i) {
            address account = accounts[i];
            Balance storage balance = _balances[account][token];
            uint256 amount = _takeAll(balance);
            if (amount == 0) continue;
            if (_tryPush(token, account, amount)) {
                total += amount;
                emit PaidOut(account, token, amount);
            } else {
                _add(balance, amount);
                emit PayoutFailed(account, token, amount);
            }
        }
    }

    /// @notice Sends all accrued platform fees in `token` to the treasury.
    /// @param token Token whose fees to withdraw (`address(0)` = native).
    function withdrawFees(address token) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant {
        uint256 amount = _takeAll(_platformFees[token]);
        if (amount == 0) revert NothingToWithdraw(address(this), token);
        address to = treasury;
        emit FeesWithdrawn(token, to, amount);
        _transferOut(token, to, amount);
    }

    // ---------------------------------------------------------------- administration

    /// @notice Stops new payments, releases and keeper payouts.
    function pause() external {
        if (!hasRole(PAUSER_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, PAUSER_ROLE);
        }
        _pause();
    }

    /// @notice Resumes normal operation; admin only, so a pauser key alone cannot undo an emergency stop.
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @notice Adds or removes an ERC-20 from the payable allow-list; escrowed payments are unaffected.
    /// @param token The token.
    /// @param allowed Whether it may be paid.
    function setTokenAllowed(address token, bool allowed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (token == address(0)) revert ZeroAddress();
        isTokenAllowed[token] = allowed;
        emit TokenAllowanceUpdated(token, allowed);
    }

    /// @notice Changes the recipient of platform fee withdrawals.
    /// @param newTreasury The new recipient: neither zero nor the escrow itself.
    function setTreasury(address newTreasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setTreasury(newTreasury);
    }

    // ---------------------------------------------------------------- views

    /// @notice What `account` may withdraw (or the keeper may pay out to it) in `token`.
    /// @param account The account.
    /// @param token The token (`address(0)` = native).
    /// @return The withdrawable amount.
    function balanceOf(address account, address token) external view returns (uint256) {
        return _balances[account][token].amount;
    }

    /// @notice Platform fees accrued in `token` and not yet withdrawn to the treasury.
    /// @param token The token (`address(0)` = native).
    /// @return The accrued amount.
    function platformFees(address token) external view returns (uint256) {
        return _platformFees[token].amount;
    }

    /// @notice The stored commitment of a payment: while escrowed, `hashPayment` of its record with the
    ///         lowest bit set once a refund or dispute changed it; `bytes32(uint256(1))` once settled before
    ///         its id's deadline and late-payment window passed; zero if never paid, or settled after them.
    /// @param id Payment intent id.
    /// @return The commitment.
    function paymentCommitment(bytes32 id) external view returns (bytes32) {
        return _payments[id];
    }

    /// @notice What refunds and a dispute changed of a payment; all zero if neither happened, or once the
    ///         payment is settled.
    /// @param id Payment intent id.
    /// @return The payment's state.
    function paymentState(bytes32 id) external view returns (PaymentState memory) {
        return _states[id];
    }

    /// @notice Whether `payment` is the record of an escrowed payment.
    /// @param payment The record.
    /// @return True if the payment is escrowed and every field of the record is right.
    function isEscrowed(Payment calldata payment) external view returns (bool) {
        return _matches(_payments[payment.id], payment);
    }

    /// @notice The hash of a payment record (the stored commitment is this with its lowest bit as a flag).
    /// @param payment The record.
    /// @return Its hash.
    function hashPayment(Payment memory payment) public pure returns (bytes32) {
        return keccak256(abi.encode(payment));
    }

    /// @notice Where a buyer sends `intent`'s payment by plain transfer: a CREATE2 address of this escrow,
    ///         salted with the intent's EIP-712 digest, at which `sweep` deploys a deposit forwarder clone.
    /// @param intent The intent.
    /// @return The deposit address.
    function depositAddress(PaymentIntent calldata intent) external view returns (address) {
        return Clones.predictDeterministicAddress(DEPOSIT_FORWARDER, hashIntent(intent));
    }

    /// @notice Where `intent`'s deposit address on the chain `chainId` lies, which is where a transfer to it
    ///         sent on this chain by mistake arrives (see `returnForeignDeposit`).
    /// @param chainId The chain the intent was signed for.
    /// @param intent The intent.
    /// @return The address.
    function foreignDepositAddress(uint256 chainId, PaymentIntent calldata intent) external view returns (address) {
        return Clones.predictDeterministicAddress(DEPOSIT_FORWARDER, _foreignIntentDigest(chainId, intent));
    }

    /// @notice The deadline a payment id carries: its low 64 bits.
    /// @param id Payment id.
    /// @return The deadline, in seconds since the epoch.
    function deadlineOf(bytes32 id) public pure returns (uint64) {
        // casting to 'uint64' is safe because truncating to the low 64 bits is the point
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64(uint256(id));
    }

    /// @notice The EIP-712 digest an operator signs for `intent`.
    /// @param intent The intent.
    /// @return The digest.
    function hashIntent(PaymentIntent calldata intent) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(PAYMENT_INTENT_TYPEHASH, intent)));
    }

    // ---------------------------------------------------------------- internals

    /// @dev `hashPayment` of a calldata record without copying it through the ABI decoder: the record is
    ///      seven static words, so its calldata bytes are exactly `abi.encode(payment)` when well-formed
    ///      (a malformed record hashes to something never stored, and is treated as not escrowed).
    function _hashCalldata(Payment calldata payment) private pure returns (bytes32 hash) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, payment, 0xe0)
            hash := keccak256(ptr, 0xe0)
        }
    }

    /// @dev Whether `commitment` is that of an escrowed `payment`, whatever its `_CHANGED` bit. `_SETTLED`
    ///      would match only a record whose hash is 0 or 1.
    function _matches(bytes32 commitment, Payment calldata payment) private pure returns (bool) {
        return commitment | _CHANGED == _hashCalldata(payment) | _CHANGED;
    }

    /// @dev The commitment and state of an escrowed payment; reverts unless `payment` is its record.
    function _load(Payment calldata payment) private view returns (bytes32 commitment, PaymentState memory state) {
        commitment = _payments[payment.id];
        if (!_matches(commitment, payment)) revert PaymentNotEscrowed(payment.id);
        if (commitment & _CHANGED != 0) state = _states[payment.id];
    }

    /// @dev Stores a changed payment state, flagging the commitment the first time.
    function _saveState(bytes32 id, bytes32 commitment, PaymentState memory state) private {
        _states[id] = state;
        if (commitment & _CHANGED == 0) _payments[id] = commitment | _CHANGED;
    }

    /// @dev Pays an ERC-20 intent: effects and event first, then the transfer, refused unless exactly the
    ///      intent's amount arrived.
    function _payToken(PaymentIntent calldata intent, bytes calldata signature) private {
        if (msg.value != 0) revert IncorrectPaymentValue(intent.id, 0, msg.value);
        if (!isTokenAllowed[intent.token]) revert TokenNotAllowed(intent.token);
        _checkNotExpired(intent);
        _escrow(intent, hashIntent(intent), signature, msg.sender);
        uint256 balanceBefore = _held(intent.token);
        IERC20(intent.token).safeTransferFrom(msg.sender, address(this), intent.amount);
        _checkReceived(intent, balanceBefore);
    }

    /// @dev Reverts once `intent` can no longer be paid by its buyer.
    function _checkNotExpired(PaymentIntent calldata intent) private view {
        if (block.timestamp > intent.deadline) revert IntentExpired(intent.id, intent.deadline, block.timestamp);
    }

    /// @dev Reverts unless the escrow's balance of the intent's token grew by exactly its amount since it
    ///      was `balanceBefore` (a fee-on-transfer token delivers less).
    function _checkReceived(PaymentIntent calldata intent, uint256 balanceBefore) private view {
        uint256 balanceAfter = _held(intent.token);
        if (balanceAfter != balanceBefore + intent.amount) {
            uint256 received = balanceAfter > balanceBefore ? balanceAfter - balanceBefore : 0;
            revert UnexpectedAmountReceived(intent.id, intent.token, intent.amount, received);
        }
    }

    /// @dev What the escrow holds of `token` (`address(0)` = native).
    function _held(address token) private view returns (uint256) {
        return token == address(0) ? address(this).balance : IERC20(token).balanceOf(address(this));
    }

    /// @dev `hashIntent` as the escrow at this address on the chain `chainId` computes it.
    function _foreignIntentDigest(uint256 chainId, PaymentIntent calldata intent) private view returns (bytes32) {
        bytes32 domainSeparator = keccak256(
            abi.encode(
                _EIP712_DOMAIN_TYPEHASH,
                keccak256(bytes(_EIP712Name())),
                keccak256(bytes(_EIP712Version())),
                chainId,
                address(this)
            )
        );
        return MessageHashUtils.toTypedDataHash(domainSeparator, keccak256(abi.encode(PAYMENT_INTENT_TYPEHASH, intent)));
    }

    /// @dev The deposit address salted with `digest`, with its forwarder clone deployed if it had none.
    function _deployDeposit(bytes32 digest) private returns (address deposit) {
        deposit = Clones.predictDeterministicAddress(DEPOSIT_FORWARDER, digest);
        if (deposit.code.length == 0) Clones.cloneDeterministic(DEPOSIT_FORWARDER, digest);
    }

    /// @dev Validates `intent` (all but its deadline, which callers check their own way) and records it as
    ///      paid by `buyer`. `digest` is `hashIntent(intent)`. Cheap checks run before the signature check.
    function _escrow(PaymentIntent calldata intent, bytes32 digest, bytes calldata signature, address buyer) private {
        if (deadlineOf(intent.id) != intent.deadline) revert IdDeadlineMismatch(intent.id, intent.deadline);
        if (intent.amount == 0) revert ZeroAmount(intent.id);
        if (intent.amount > MAX_AMOUNT) revert AmountTooLarge(intent.id, intent.amount, MAX_AMOUNT);
        if (intent.merchant == address(0) || intent.merchant == address(this)) revert InvalidMerchant(intent.merchant);
        if (intent.feeBps > MAX_FEE_BPS) revert FeeTooHigh(intent.feeBps, MAX_FEE_BPS);
        if (intent.holdPeriod > MAX_HOLD_PERIOD) revert HoldPeriodTooLong(intent.holdPeriod, MAX_HOLD_PERIOD);
        if (_payments[intent.id] != 0) revert PaymentIdUsed(intent.id);
        _checkOperatorSignature(intent.id, digest, signature);

        uint64 releaseAfter = uint64(block.timestamp) + intent.holdPeriod;
        _payments[intent.id] = hashPayment(
            Payment({
                id: intent.id,
                buyer: buyer,
                merchant: intent.merchant,
                token: intent.token,
                amount: intent.amount,
                feeBps: intent.feeBps,
                releaseAfter: releaseAfter
            })
        ) & ~_CHANGED;
        emit PaymentEscrowed(
            intent.id, intent.merchant, buyer, intent.token, intent.amount, intent.feeBps, releaseAfter
        );
    }

    /// @dev Reverts unless `signature` over the digest of intent `id` comes from an operator.
    function _checkOperatorSignature(bytes32 id, bytes32 digest, bytes calldata signature) private view {
        address signer;
        bool valid;
        if (signature.length == 65) {
            ECDSA.RecoverError err;
            (signer, err,) = ECDSA.tryRecoverCalldata(digest, signature);
            valid = err == ECDSA.RecoverError.NoError;
        } else if (signature.length > 20) {
            signer = address(bytes20(signature[:20]));
            valid = SignatureChecker.isValidERC1271SignatureNowCalldata(signer, digest, signature[20:]);
        }
        if (!valid || !hasRole(OPERATOR_ROLE, signer)) revert InvalidSignature(id, signer);
    }

    /// @dev Marks a payment settled and clears its state. Past its id's deadline and late-payment window no
    ///      intent for the id can be paid or swept again, so the slot is cleared (and its gas refunded) rather
    ///      than kept as a tombstone.
    function _settle(bytes32 id, bytes32 commitment) private {
        _payments[id] = block.timestamp > uint256(deadlineOf(id)) + LATE_PAYMENT_WINDOW ? bytes32(0) : _SETTLED;
        if (commitment & _CHANGED != 0) delete _states[id];
    }

    /// @dev Credits `gross` less the platform fee (rounded down) to `merchant`; returns the fee, which the
    ///      caller credits to the platform with `_addFee`.
    function _creditMerchant(address merchant, address token, uint256 gross, uint256 feeBps)
        private
        returns (uint256 fee)
    {
        fee = gross * feeBps / _BPS;
        uint256 merchantAmount = gross - fee;
        if (merchantAmount != 0) _add(_balances[merchant][token], merchantAmount);
    }

    /// @dev Credits platform fees.
    function _addFee(address token, uint256 fee) private {
        if (fee != 0) _add(_platformFees[token], fee);
    }

    /// @dev Adds `amount` to a balance in one storage write.
    function _add(Balance storage balance, uint256 amount) private {
        (balance.amount, balance.opened) = (SafeCast.toUint248(balance.amount + amount), true);
    }

    /// @dev Empties a balance, keeping its slot open, and returns what it held.
    function _takeAll(Balance storage balance) private returns (uint256 amount) {
        amount = balance.amount;
        if (amount != 0) balance.amount = 0;
    }

    /// @dev Pushes `amount` to a buyer, or credits its balance if the push fails.
    function _sendOrCredit(bytes32 id, address to, address token, uint256 amount) private {
        if (_tryPush(token, to, amount)) return;
        _add(_balances[to][token], amount);
        emit BuyerCredited(id, to, token, amount);
    }

    /// @dev Transfers out with bounded gas and without reverting; returns whether it worked. At most one word
    ///      of return data is copied, so neither a recipient nor a token can make the call expensive by
    ///      returning a lot. Reverts unless the push can have its whole budget (EIP-150 passes on at most
    ///      63/64 of what is left), so no caller can starve a push into a credit or a failed payout.
    function _tryPush(address token, address to, uint256 amount) private returns (bool ok) {
        uint256 gasLimit = token == address(0) ? NATIVE_PUSH_GAS_LIMIT : TOKEN_PUSH_GAS_LIMIT;
        if (gasleft() < gasLimit + gasLimit / 63 + 1 + _CALL_OVERHEAD) revert InsufficientGasForPush(gasLimit);
        if (token == address(0)) {
            assembly ("memory-safe") {
                ok := call(gasLimit, to, amount, 0, 0, 0, 0)
            }
        } else {
            bytes memory data = abi.encodeCall(IERC20.transfer, (to, amount));
            assembly ("memory-safe") {
                mstore(0, 0)
                let success := call(gasLimit, token, 0, add(data, 0x20), mload(data), 0, 0x20)
                // As SafeERC20: no return data counts as success only from a contract, else it must be true.
                let returned := returndatasize()
                ok := and(
                    success,
                    or(and(iszero(returned), gt(extcodesize(token), 0)), and(gt(returned, 31), eq(mload(0), 1)))
                )
            }
        }
    }

    /// @dev Sends the caller's whole balance of `token` to `to`, or reverts.
    function _withdraw(address token, address to) private {
        uint256 amount = _takeAll(_balances[msg.sender][token]);
        if (amount == 0) revert NothingToWithdraw(msg.sender, token);
        emit Withdrawn(msg.sender, token, to, amount);
        _transferOut(token, to, amount);
    }

    /// @dev Transfers out or reverts; used when the owner of the funds asked for them.
    function _transferOut(address token, address to, uint256 amount) private {
        if (token != address(0)) {
            IERC20(token).safeTransfer(to, amount);
            return;
        }
        bool ok;
        assembly ("memory-safe") {
            ok := call(gas(), to, amount, 0, 0, 0, 0)
        }
        if (!ok) revert NativeTransferFailed(to, amount);
    }

    /// @dev Sets the treasury; never to zero, so fee withdrawals cannot burn funds.
    function _setTreasury(address newTreasury) private {
        if (newTreasury == address(0)) revert ZeroAddress();
        if (newTreasury == address(this)) revert InvalidTreasury(newTreasury);
        emit TreasuryUpdated(treasury, newTreasury);
        treasury = newTreasury;
    }
}
