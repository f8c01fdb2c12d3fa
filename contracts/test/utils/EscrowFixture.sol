// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PMTEscrow} from "../../PMTEscrow.sol";
import {PMTTestToken} from "../../PMTTestToken.sol";
import {recordOf} from "./PaymentRecords.sol";
import {TestBase} from "./TestBase.sol";
import {BlocklistToken, ContractAccount, HookToken} from "../mocks/Mocks.sol";

/// @title EscrowFixture
/// @notice A deployed escrow with every role assigned, an allow-listed 6-decimal token, a funded buyer, and
///         helpers to sign and pay intents.
abstract contract EscrowFixture is TestBase {
    uint256 internal constant OPERATOR_KEY = 0xA11CE;
    uint64 internal constant HOLD = 7 days;
    uint16 internal constant FEE_BPS = 250;
    uint48 internal constant ADMIN_DELAY = 2 days;
    address internal constant NATIVE = address(0);

    address internal operator;
    address internal admin = makeAddr("admin");
    address internal treasury = makeAddr("treasury");
    address internal keeper = makeAddr("keeper");
    address internal arbiter = makeAddr("arbiter");
    address internal buyer = makeAddr("buyer");
    address internal merchant = makeAddr("merchant");
    address internal stranger = makeAddr("stranger");

    PMTEscrow internal escrow;
    PMTTestToken internal token;
    uint256 private _intentCount;

    function setUp() public virtual {
        vm.warp(1_750_000_000);
        operator = vm.addr(OPERATOR_KEY);
        escrow = new PMTEscrow(admin, ADMIN_DELAY, treasury);
        token = new PMTTestToken("Test USD", "tUSD", 6);

        vm.startPrank(admin);
        escrow.grantRole(escrow.OPERATOR_ROLE(), operator);
        escrow.grantRole(escrow.KEEPER_ROLE(), keeper);
        escrow.grantRole(escrow.ARBITER_ROLE(), arbiter);
        escrow.setTokenAllowed(address(token), true);
        vm.stopPrank();

        vm.deal(buyer, 1_000_000 ether);
        token.mint(buyer, 1e30);
        vm.prank(buyer);
        token.approve(address(escrow), type(uint256).max);
    }

    function makeAddr(string memory name) internal returns (address account) {
        account = vm.addr(uint256(keccak256(bytes(name))));
        vm.label(account, name);
    }

    /// @dev A payment id: 24 bytes from `seed`, then `deadline` in the low 64 bits, as the escrow requires.
    function paymentId(bytes32 seed, uint64 deadline) internal pure returns (bytes32) {
        return (seed & ~bytes32(uint256(type(uint64).max))) | bytes32(uint256(deadline));
    }

    /// @dev A fresh intent from the fixture's merchant, valid for an hour.
    function newIntent(address asset, uint256 amount) internal returns (PMTEscrow.PaymentIntent memory) {
        uint64 deadline = uint64(block.timestamp + 1 hours);
        return PMTEscrow.PaymentIntent({
            id: paymentId(keccak256(abi.encode("intent", ++_intentCount)), deadline),
            merchant: merchant,
            token: asset,
            amount: amount,
            feeBps: FEE_BPS,
            deadline: deadline,
            holdPeriod: HOLD
        });
    }

    function signWith(uint256 key, PMTEscrow.PaymentIntent memory intent) internal returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, escrow.hashIntent(intent));
        return abi.encodePacked(r, s, v);
    }

    function sign(PMTEscrow.PaymentIntent memory intent) internal returns (bytes memory) {
        return signWith(OPERATOR_KEY, intent);
    }

    function payAs(address payer, PMTEscrow.PaymentIntent memory intent)
        internal
        returns (PMTEscrow.Payment memory payment)
    {
        bytes memory signature = sign(intent);
        payment = recordOf(intent, payer);
        vm.prank(payer);
        escrow.pay{value: intent.token == NATIVE ? intent.amount : 0}(intent, signature);
    }

    function pay(PMTEscrow.PaymentIntent memory intent) internal returns (PMTEscrow.Payment memory) {
        return payAs(buyer, intent);
    }

    function payNative(uint256 amount) internal returns (PMTEscrow.Payment memory) {
        return pay(newIntent(NATIVE, amount));
    }

    function payToken(uint256 amount) internal returns (PMTEscrow.Payment memory) {
        return pay(newIntent(address(token), amount));
    }

    /// @dev An allow-listed token that can refuse transfers to blocked accounts; the buyer holds and has
    ///      approved `buyerFunds` of it.
    function newBlocklistToken(uint256 buyerFunds) internal returns (BlocklistToken blocky) {
        blocky = new BlocklistToken();
        listForBuyer(blocky, buyerFunds);
    }

    /// @dev An allow-listed ERC-777-style token; the buyer holds and has approved `buyerFunds` of it.
    function newHookToken(uint256 buyerFunds) internal returns (HookToken hooky) {
        hooky = new HookToken();
        listForBuyer(hooky, buyerFunds);
    }

    /// @dev Allow-lists `asset` and gives the buyer `buyerFunds` of it, approved to the escrow.
    function listForBuyer(PMTTestToken asset, uint256 buyerFunds) internal {
        vm.prank(admin);
        escrow.setTokenAllowed(address(asset), true);
        asset.mint(buyer, buyerFunds);
        vm.prank(buyer);
        asset.approve(address(escrow), buyerFunds);
    }

    function disputed(PMTEscrow.Payment memory payment) internal returns (PMTEscrow.Payment memory) {
        vm.prank(payment.buyer);
        escrow.openDispute(payment);
        return payment;
    }

    /// @dev What the escrow still holds of `payment`: its amount less refunds, or zero once settled.
    function escrowedOf(PMTEscrow.Payment memory payment) internal view returns (uint256) {
        if (!escrow.isEscrowed(payment)) return 0;
        return payment.amount - escrow.paymentState(payment.id).refunded;
    }

    /// @dev A contract buyer paying `amount` of an allow-listed hook token, with its hook registered.
    function payWithHookToken(ContractAccount wallet, uint256 amount)
        internal
        returns (HookToken hooky, PMTEscrow.Payment memory payment)
    {
        hooky = newHookToken(0);
        hooky.mint(address(wallet), amount);
        wallet.execute(address(hooky), 0, abi.encodeCall(hooky.approve, (address(escrow), amount)));
        payment = payAs(address(wallet), newIntent(address(hooky), amount));
        hooky.registerHook(address(wallet));
    }

    function one(PMTEscrow.Payment memory payment) internal pure returns (PMTEscrow.Payment[] memory batch) {
        batch = new PMTEscrow.Payment[](1);
        batch[0] = payment;
    }

    function feeOf(uint256 gross) internal pure returns (uint256) {
        return gross * FEE_BPS / 10_000;
    }

    function balanceIn(address asset, address account) internal view returns (uint256) {
        return asset == NATIVE ? account.balance : token.balanceOf(account);
    }
}
