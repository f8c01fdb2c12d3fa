// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {
    AccessControlDefaultAdminRules
} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title PMTEscrow
/// @notice Escrow behind the PMT payment gateway. A buyer pays an operator-signed payment intent in one
///         transaction; the funds stay here until they are released to the merchant (by the buyer at any
///         time, or by anyone once the hold period has passed), refunded by the merchant, or split by an
///         arbiter after a dispute. Released funds accrue to per-merchant balances that the merchant can
///         withdraw at any time and the keeper pushes out in batches.
/// @dev Each payment costs one storage slot: the hash of its current `Payment` record. `PaymentEscrowed`
///      carries the initial record and every later event the change to it, so anyone can rebuild the
///      current record from logs; whoever acts on a payment passes it back as calldata, and the contract
///      stores 32 bytes instead of the whole record.
///      A payment id carries its intent's deadline in its low 64 bits, so every intent ever signed for an
///      id has the same deadline. A payment settled before that deadline leaves a tombstone; settled after
///      it, its slot is cleared (and the gas refunded), since no intent for the id can be paid any more.
///      Pausing stops new payments, releases and keeper payouts. Refunds, disputes and withdrawals stay
///      open so that funds can always go back to the people they belong to. Pausing does not restrain the
///      keeper or arbiter roles: revoke a compromised key's role.
///      Only allow-listed ERC-20s may be paid: the accounting assumes a token moves exactly the amount it
///      is asked to move (no fee-on-transfer or rebasing tokens).
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

    /// @notice The current state of an escrowed payment; its hash is what the contract stores.
    /// @param id The payment intent id.
    /// @param buyer Address that paid; refunds go back to it.
    /// @param merchant Address credited on release.
    /// @param token ERC-20 paid, or `address(0)` for native currency.
    /// @param amount Amount still held in escrow (the paid amount less refunds).
    /// @param feeBps Platform fee in basis points: the merchant is credited `gross - gross * feeBps / 10_000`
    ///        of whatever is released to it.
    /// @param releaseAfter Timestamp from which anyone may release the payment; the dispute window ends here.
    /// @param disputed Whether the buyer has opened a dispute that the arbiter has not resolved yet.
    struct Payment {
        bytes32 id;
        address buyer;
        address merchant;
        address token;
        uint256 amount;
        uint16 feeBps;
        uint64 releaseAfter;
        bool disputed;
    }

    /// @notice Role whose members sign payment intents (EOAs or ERC-1271 contracts).
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// @notice Role whose members refund on a merchant's behalf and push payouts.
    bytes32 public constant KEEPER_ROLE = keccak256("KEEPER_ROLE");

    /// @notice Role whose members resolve disputes.
    bytes32 public constant ARBITER_ROLE = keccak256("ARBITER_ROLE");

    /// @notice Role whose members may pause the contract in an emergency (only the admin unpauses).
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice EIP-712 type hash of `PaymentIntent`.
    bytes32 public constant PAYMENT_INTENT_TYPEHASH = keccak256(
        "PaymentIntent(bytes32 id,address merchant,address token,uint256 amount,uint16 feeBps,uint64 deadline,uint64 holdPeriod)"
    );

    /// @notice Highest platform fee an intent may carry (10%), so a leaked operator key cannot take more.
    uint16 public constant MAX_FEE_BPS = 1_000;

    /// @notice Longest hold period an intent may carry, so a mistyped intent cannot lock funds for years.
    uint64 public constant MAX_HOLD_PERIOD = 365 days;

    /// @notice Gas forwarded to a recipient of a pushed native transfer (payout, refund, dispute share).
    /// @dev Enough for smart-contract wallets such as Safe; a recipient that needs more, or reverts, is
    ///      credited instead and withdraws itself, so it can neither block nor grief a batch.
    uint256 public constant PUSH_GAS_LIMIT = 50_000;

    /// @dev Basis-point denominator.
    uint256 private constant _BPS = 10_000;

    /// @dev Commitment left behind by a payment settled before its id's deadline, so no intent for the id
    ///      can be paid a second time: not the hash of any record, never zero.
    bytes32 private constant _SETTLED = bytes32(uint256(1));

    /// @dev Payment id => hash of its current `Payment` record; `_SETTLED`; or zero if never paid, or
    ///      settled after its id's deadline (when `pay` rejects every intent for it anyway).
    mapping(bytes32 id => bytes32 commitment) private _payments;

    /// @dev What each account may withdraw, per token (`address(0)` = native). Merchants accrue here on
    ///      release; buyers only when a pushed refund could not be delivered.
    mapping(address account => mapping(address token => Balance)) private _balances;

    /// @dev Platform fees accrued per token, withdrawable by the admin to the treasury.
    mapping(address token => Balance) private _platformFees;

    /// @notice ERC-20 tokens that may be paid.
    mapping(address token => bool allowed) public isTokenAllowed;

    /// @notice Recipient of platform fee withdrawals.
    address public treasury;

    /// @notice A buyer funded a payment; carries the full initial `Payment` record (not disputed).
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

    /// @notice A payment was released: its escrowed amount less the platform fee was credited to the
    ///         merchant, and the fee to the platform.
    /// @dev Carries no amounts: they follow from the record (`amount * feeBps / 10_000` is the fee, rounded
    ///      down), and leaving them out keeps a batch release within its gas budget.
    /// @param id Payment intent id.
    event PaymentReleased(bytes32 indexed id);

    /// @notice Part or all of an escrowed payment went back to the buyer.
    /// @param id Payment intent id.
    /// @param amount Amount refunded now.
    /// @param remaining Amount still in escrow; zero means the payment is settled.
    /// @param refundedBy The merchant, or the keeper that refunded on its behalf.
    event PaymentRefunded(bytes32 indexed id, uint256 amount, uint256 remaining, address indexed refundedBy);

    /// @notice The buyer disputed a payment; it can no longer be released by anyone but the buyer.
    /// @param id Payment intent id.
    event DisputeOpened(bytes32 indexed id);

    /// @notice The arbiter split a disputed payment; the payment is settled.
    /// @param id Payment intent id.
    /// @param buyerAmount Amount returned to the buyer.
    /// @param merchantAmount Amount credited to the merchant.
    /// @param fee Platform fee taken from the merchant's share.
    event DisputeResolved(bytes32 indexed id, uint256 buyerAmount, uint256 merchantAmount, uint256 fee);

    /// @notice A refund or dispute share could not be pushed to the buyer and was credited to its balance.
    /// @param id Payment intent id.
    /// @param account The buyer, who can now `withdraw` the amount.
    /// @param token Token credited.
    /// @param amount Amount credited.
    event BuyerCredited(bytes32 indexed id, address indexed account, address indexed token, uint256 amount);

    /// @notice An account withdrew its own balance.
    /// @param account Account that withdrew.
    /// @param token Token withdrawn.
    /// @param amount Amount withdrawn.
    event Withdrawn(address indexed account, address indexed token, uint256 amount);

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

    /// @notice An address that must be set is zero.
    error ZeroAddress();

    /// @notice The treasury would be the escrow itself, where withdrawn fees would be owed to nobody.
    /// @param treasury The address refused.
    error InvalidTreasury(address treasury);

    /// @notice The record passed is not the current state of an escrowed payment: the payment was never
    ///         made, is already settled, or the record is stale (rebuild it from the latest events).
    /// @param id Payment intent id.
    error PaymentNotEscrowed(bytes32 id);

    /// @notice Only the payment's buyer may do this.
    /// @param id Payment intent id.
    /// @param caller The caller.
    error NotBuyer(bytes32 id, address caller);

    /// @notice Only the payment's merchant or a keeper may refund.
    /// @param id Payment intent id.
    /// @param caller The caller.
    error NotMerchantOrKeeper(bytes32 id, address caller);

    /// @notice A refund or dispute split asks for more than is escrowed (or a refund for nothing).
    /// @param id Payment intent id.
    /// @param requested Amount asked for.
    /// @param escrowed Amount in escrow.
    error InvalidAmount(bytes32 id, uint256 requested, uint256 escrowed);

    /// @notice The payment is already disputed.
    /// @param id Payment intent id.
    error AlreadyDisputed(bytes32 id);

    /// @notice The payment is not disputed, so the arbiter has nothing to resolve.
    /// @param id Payment intent id.
    error NotDisputed(bytes32 id);

    /// @notice A keeper may not refund a disputed payment: it is the arbiter's to rule on (the merchant may
    ///         still refund it).
    /// @param id Payment id.
    error PaymentDisputed(bytes32 id);

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

    /// @notice Checks that `payment` is the current record of an escrowed payment.
    /// @param payment The record passed by the caller.
    modifier onlyEscrowed(Payment calldata payment) {
        if (_payments[payment.id] != _hashCalldata(payment)) revert PaymentNotEscrowed(payment.id);
        _;
    }

    /// @param admin Initial admin (a multisig in production); admin handover is two-step with `adminDelay`.
    /// @param adminDelay Seconds a started admin transfer must wait before it can be accepted.
    /// @param treasury_ Recipient of platform fee withdrawals.
    constructor(address admin, uint48 adminDelay, address treasury_)
        AccessControlDefaultAdminRules(adminDelay, admin)
        EIP712("PMTEscrow", "1")
    {
        _setTreasury(treasury_);
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
            _escrow(intent, signature);
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

    // ---------------------------------------------------------------- releasing

    /// @notice Releases a payment to the merchant at once; only its buyer may, at any time the contract is
    ///         not paused (even while disputed, which gives the dispute up).
    /// @param payment The payment's current record.
    function release(Payment calldata payment) external whenNotPaused onlyEscrowed(payment) {
        if (msg.sender != payment.buyer) revert NotBuyer(payment.id, msg.sender);
        _release(payment);
    }

    /// @notice Releases every payment whose hold period has passed and that is not disputed. Anyone may call.
    /// @dev Records that are stale, settled, disputed or still on hold are skipped, not reverted on, so a
    ///      batch never fails because of one payment that changed after it was built.
    /// @param payments Current records of the payments to release.
    /// @return released How many payments were released.
    function releaseBatch(Payment[] calldata payments) external whenNotPaused returns (uint256 released) {
        // Fees of consecutive payments in one token are summed and credited once: a batch is usually one
        // token, and this saves a storage update per payment.
        address feeToken;
        uint256 fees;
        for (uint256 i; i < payments.length; ++i) {
            Payment calldata payment = payments[i];
            if (payment.disputed || block.timestamp < payment.releaseAfter) continue;
            bytes32 id = payment.id;
            if (_payments[id] != _hashCalldata(payment)) continue;
            address token = payment.token;
            if (token != feeToken) {
                _addFee(feeToken, fees);
                (feeToken, fees) = (token, 0);
            }
            _settle(id);
            fees += _creditMerchant(payment.merchant, token, payment.amount, payment.feeBps);
            emit PaymentReleased(id);
            ++released;
        }
        _addFee(feeToken, fees);
    }

    // ---------------------------------------------------------------- refunds and disputes

    /// @notice Refunds `amount` of an escrowed payment to its buyer; the rest stays escrowed.
    ///         The merchant may refund, or a keeper acting on the merchant's request through the gateway,
    ///         except while the payment is disputed: then it is the arbiter's.
    /// @param payment The payment's current record.
    /// @param amount Amount to refund, at most what is escrowed.
    function refund(Payment calldata payment, uint256 amount) external nonReentrant onlyEscrowed(payment) {
        if (msg.sender != payment.merchant) {
            if (!hasRole(KEEPER_ROLE, msg.sender)) revert NotMerchantOrKeeper(payment.id, msg.sender);
            if (payment.disputed) revert PaymentDisputed(payment.id);
        }
        if (amount == 0 || amount > payment.amount) revert InvalidAmount(payment.id, amount, payment.amount);

        uint256 remaining = payment.amount - amount;
        if (remaining == 0) {
            _settle(payment.id);
        } else {
            Payment memory next = payment;
            next.amount = remaining;
            _payments[payment.id] = hashPayment(next);
        }
        emit PaymentRefunded(payment.id, amount, remaining, msg.sender);
        _sendOrCredit(payment.id, payment.buyer, payment.token, amount);
    }

    /// @notice Opens a dispute; only the buyer, and only during the hold period.
    /// @param payment The payment's current record.
    function openDispute(Payment calldata payment) external onlyEscrowed(payment) {
        if (msg.sender != payment.buyer) revert NotBuyer(payment.id, msg.sender);
        if (payment.disputed) revert AlreadyDisputed(payment.id);
        if (block.timestamp >= payment.releaseAfter) {
            revert DisputeWindowClosed(payment.id, payment.releaseAfter, block.timestamp);
        }
        Payment memory next = payment;
        next.disputed = true;
        _payments[payment.id] = hashPayment(next);
        emit DisputeOpened(payment.id);
    }

    /// @notice Settles a disputed payment by returning `buyerAmount` to the buyer and crediting the rest,
    ///         less the platform fee, to the merchant.
    /// @param payment The payment's current (disputed) record.
    /// @param buyerAmount Part of the escrowed amount that goes back to the buyer.
    function resolveDispute(Payment calldata payment, uint256 buyerAmount)
        external
        onlyRole(ARBITER_ROLE)
        nonReentrant
        onlyEscrowed(payment)
    {
        if (!payment.disputed) revert NotDisputed(payment.id);
        if (buyerAmount > payment.amount) revert InvalidAmount(payment.id, buyerAmount, payment.amount);

        _settle(payment.id);
        uint256 merchantShare = payment.amount - buyerAmount;
        uint256 fee = _creditMerchant(payment.merchant, payment.token, merchantShare, payment.feeBps);
        _addFee(payment.token, fee);
        emit DisputeResolved(payment.id, buyerAmount, merchantShare - fee, fee);
        if (buyerAmount != 0) _sendOrCredit(payment.id, payment.buyer, payment.token, buyerAmount);
    }

    // ---------------------------------------------------------------- balances

    /// @notice Withdraws the caller's whole balance of `token`. Works while paused, and needs no keeper.
    /// @param token Token to withdraw (`address(0)` = native).
    function withdraw(address token) external nonReentrant {
        uint256 amount = _takeAll(_balances[msg.sender][token]);
        if (amount == 0) revert NothingToWithdraw(msg.sender, token);
        emit Withdrawn(msg.sender, token, amount);
        _transferOut(token, msg.sender, amount);
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

    /// @notice The stored commitment of a payment: `hashPayment` of its current record while escrowed;
    ///         `bytes32(uint256(1))` once settled before its id's deadline; zero if never paid, or settled
    ///         after that deadline.
    /// @param id Payment intent id.
    /// @return The commitment.
    function paymentCommitment(bytes32 id) external view returns (bytes32) {
        return _payments[id];
    }

    /// @notice Whether `payment` is the current record of an escrowed payment.
    /// @param payment The record.
    /// @return True if the payment is escrowed and the record is current.
    function isEscrowed(Payment calldata payment) external view returns (bool) {
        return _payments[payment.id] == _hashCalldata(payment);
    }

    /// @notice The commitment stored for a payment record.
    /// @param payment The record.
    /// @return Its hash.
    function hashPayment(Payment memory payment) public pure returns (bytes32) {
        return keccak256(abi.encode(payment));
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
    ///      eight static words, so its calldata bytes are exactly `abi.encode(payment)` when well-formed
    ///      (a malformed record hashes to something never stored, and is treated as not escrowed).
    function _hashCalldata(Payment calldata payment) private pure returns (bytes32 hash) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, payment, 0x100)
            hash := keccak256(ptr, 0x100)
        }
    }

    /// @dev Pays an ERC-20 intent: effects and event first, then the one external call.
    function _payToken(PaymentIntent calldata intent, bytes calldata signature) private {
        if (msg.value != 0) revert IncorrectPaymentValue(intent.id, 0, msg.value);
        if (!isTokenAllowed[intent.token]) revert TokenNotAllowed(intent.token);
        _escrow(intent, signature);
        IERC20(intent.token).safeTransferFrom(msg.sender, address(this), intent.amount);
    }

    /// @dev Validates `intent` and records the payment. Cheap checks run before the signature check.
    function _escrow(PaymentIntent calldata intent, bytes calldata signature) private {
        if (block.timestamp > intent.deadline) revert IntentExpired(intent.id, intent.deadline, block.timestamp);
        if (deadlineOf(intent.id) != intent.deadline) revert IdDeadlineMismatch(intent.id, intent.deadline);
        if (intent.amount == 0) revert ZeroAmount(intent.id);
        if (intent.merchant == address(0) || intent.merchant == address(this)) revert InvalidMerchant(intent.merchant);
        if (intent.feeBps > MAX_FEE_BPS) revert FeeTooHigh(intent.feeBps, MAX_FEE_BPS);
        if (intent.holdPeriod > MAX_HOLD_PERIOD) revert HoldPeriodTooLong(intent.holdPeriod, MAX_HOLD_PERIOD);
        if (_payments[intent.id] != 0) revert PaymentIdUsed(intent.id);
        _checkOperatorSignature(intent, signature);

        uint64 releaseAfter = uint64(block.timestamp) + intent.holdPeriod;
        _payments[intent.id] = hashPayment(
            Payment({
                id: intent.id,
                buyer: msg.sender,
                merchant: intent.merchant,
                token: intent.token,
                amount: intent.amount,
                feeBps: intent.feeBps,
                releaseAfter: releaseAfter,
                disputed: false
            })
        );
        emit PaymentEscrowed(
            intent.id, intent.merchant, msg.sender, intent.token, intent.amount, intent.feeBps, releaseAfter
        );
    }

    /// @dev Reverts unless `signature` over `intent` comes from an operator.
    function _checkOperatorSignature(PaymentIntent calldata intent, bytes calldata signature) private view {
        bytes32 digest = hashIntent(intent);
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
        if (!valid || !hasRole(OPERATOR_ROLE, signer)) revert InvalidSignature(intent.id, signer);
    }

    /// @dev Settles a payment in the merchant's favour. The caller has checked the record is current.
    function _release(Payment calldata payment) private {
        _settle(payment.id);
        _addFee(payment.token, _creditMerchant(payment.merchant, payment.token, payment.amount, payment.feeBps));
        emit PaymentReleased(payment.id);
    }

    /// @dev Marks a payment settled. Past its id's deadline no intent for the id can be paid again, so the
    ///      slot is cleared (and its gas refunded) rather than kept as a tombstone.
    function _settle(bytes32 id) private {
        _payments[id] = block.timestamp > deadlineOf(id) ? bytes32(0) : _SETTLED;
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

    /// @dev Transfers out with bounded gas (native) and without reverting; returns whether it worked.
    function _tryPush(address token, address to, uint256 amount) private returns (bool ok) {
        if (token != address(0)) return IERC20(token).trySafeTransfer(to, amount);
        uint256 gasLimit = PUSH_GAS_LIMIT;
        // No return data is copied, so a recipient cannot make this call expensive by returning a lot.
        assembly ("memory-safe") {
            ok := call(gasLimit, to, amount, 0, 0, 0, 0)
        }
    }

    /// @dev Transfers out or reverts; used when the recipient itself asked for the funds.
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
